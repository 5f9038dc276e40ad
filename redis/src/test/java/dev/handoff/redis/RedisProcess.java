package dev.handoff.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * A real redis-server process (embedded-redis extracts the 6.2.6 binary it ships) on 127.0.0.1 and
 * an ephemeral port, no persistence: a restart loses every key, as a crashed Redis without
 * persistence does.
 */
final class RedisProcess implements AutoCloseable {
  final int port;
  private RedisServer server;

  private RedisProcess(int port) {
    this.port = port;
    this.server = build(port);
  }

  static RedisProcess start() {
    RedisProcess process = new RedisProcess(freePort());
    process.startServer();
    return process;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
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
    server = build(port);
    startServer();
  }

  private void startServer() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RedisServer build(int port) {
    try {
      return RedisServer.newRedisServer()
          .bind("127.0.0.1")
          .port(port)
          .setting("save \"\"")
          .setting("appendonly no")
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
