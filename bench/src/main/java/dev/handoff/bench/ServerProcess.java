package dev.handoff.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link FixedResponseServer} in its own JVM, with this JVM's java and class path. */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  final int port;

  private final BufferedReader out;

  private ServerProcess(Process process, int port, BufferedReader out) {
    this.process = process;
    this.port = port;
    this.out = out;
  }

  /** How many connections the server has accepted so far. */
  synchronized long connections() throws IOException {
    process.getOutputStream().write("CONNECTIONS\n".getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("CONNECTIONS ")) {
        return Long.parseLong(line.substring(12).trim());
      }
    }
    throw new IOException("the fixed-answer server exited");
  }

  static ServerProcess start(long delayMs) throws IOException {
    return start(delayMs, false);
  }

  /** With {@code wrongAnswer}, every 201 carries another {@code api_id} than the fixed answer's. */
  static ServerProcess start(long delayMs, boolean wrongAnswer) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.add("-Xms256m");
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FixedResponseServer.class.getName());
    if (delayMs > 0) {
      command.add("--delay-ms");
      command.add(String.valueOf(delayMs));
    }
    if (wrongAnswer) {
      command.add("--wrong-answer");
    }
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("PORT ")) {
        return new ServerProcess(process, Integer.parseInt(line.substring(5).trim()), out);
      }
    }
    process.destroyForcibly();
    throw new IOException("the fixed-answer server exited without printing its port");
  }

  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
