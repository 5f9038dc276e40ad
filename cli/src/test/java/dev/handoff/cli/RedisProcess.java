package dev.handoff.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * (A copy of the redis module's test helper, with a password.) A real redis-server process
 * (embedded-redis extracts the 6.2.6 binary it ships) on 127.0.0.1 and an ephemeral port, no
 * persistence: a restart loses every key, as a crashed Redis without persistence does.
 */
final class RedisProcess implements AutoCloseable {
  final int port;
  private RedisServer server;

  private final String password;

  private RedisProcess(int port, String password) {
    this.port = port;
    this.password = password;
    this.server = build(port, password);
  }

  /**
   * A server that requires {@code password} (AUTH), so that tests see it masked in every output.
   */
  static RedisProcess start(String password) {
    RedisProcess process = new RedisProcess(freePort(), password);
    process.startServer();
    return process;
  }

  String url() {
    return "redis://:" + password + "@127.0.0.1:" + port;
  }

  void stop() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops and starts again on the same port: every key is lost. */
  void restart() {
    stop();
    server = build(port, password);
    startServer();
  }

  private void startServer() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RedisServer build(int port, String password) {
    try {
      return RedisServer.newRedisServer()
          .bind("127.0.0.1")
          .port(port)
          .setting("save \"\"")
          .setting("appendonly no")
          .setting("requirepass " + password)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
