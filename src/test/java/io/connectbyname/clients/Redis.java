package io.connectbyname.clients;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis 6.2 (com.github.codemonstur:embedded-redis) on 127.0.0.1, with the dead-first name
 * {@link DeadFirstHost#NAME} on its port: its files in a directory of its own, no snapshot, all
 * removed on close.
 */
final class Redis implements Closeable {
  private final Path directory;
  private final RedisServer server;
  private final DeadFirstHost host;
  private final int port;

  private Redis(Path directory, RedisServer server, DeadFirstHost host, int port) {
    this.directory = directory;
    this.server = server;
    this.host = host;
    this.port = port;
  }

  /** Starts it, or fails the test saying the server did not start (see {@link ServerStart}). */
  static Redis start() throws IOException {
    Path directory = Files.createTempDirectory("connect-by-name-redis");
    int port = DeadFirstHost.freePort(); // embedded Redis needs its port up front
    RedisServer server;
    try {
      server = start(directory, port);
    } catch (RuntimeException | Error e) {
      deleteTree(directory);
      throw e;
    }
    try {
      return new Redis(directory, server, DeadFirstHost.onPort(port), port);
    } catch (IOException | RuntimeException e) {
      server.stop();
      deleteTree(directory);
      throw e;
    }
  }

  private static RedisServer start(Path directory, int port) {
    return ServerStart.of("Redis 6.2 (com.github.codemonstur:embedded-redis) on 127.0.0.1:" + port, () -> {
      RedisServer s = RedisServer.newRedisServer()
          .executableProvider(ExecutableProvider.newJarResourceProvider(directory.toFile()))
          .bind("127.0.0.1")
          .port(port)
          .setting("dir " + directory) // and no snapshot: nothing is written outside it
          .setting("save \"\"")
          .build();
      s.start();
      return s;
    });
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws IOException {
    try {
      host.close();
      server.stop();
    } finally {
      deleteTree(directory);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
