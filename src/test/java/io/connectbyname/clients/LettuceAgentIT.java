package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * Lettuce 7 (Netty NIO) against a real Redis 6.2 (embedded-redis, as {@link JedisIT}), in a child
 * JVM as it is and under {@code -javaagent:connect-by-name.jar=nio=on}.
 */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class LettuceAgentIT {
  private static Path directory;
  private static RedisServer redis;
  private static int port;
  private static DeadFirstHost host;

  @BeforeAll
  static void start() throws IOException {
    ChildJvm.jar();
    directory = Files.createTempDirectory("connect-by-name-redis");
    port = DeadFirstHost.freePort(); // embedded Redis needs its port up front
    redis = ServerStart.of("Redis 6.2 (com.github.codemonstur:embedded-redis) on 127.0.0.1:" + port, () -> {
      RedisServer server = RedisServer.newRedisServer()
          .executableProvider(ExecutableProvider.newJarResourceProvider(directory.toFile()))
          .bind("127.0.0.1")
          .port(port)
          .setting("dir " + directory)
          .setting("save \"\"")
          .build();
      server.start();
      return server;
    });
    host = DeadFirstHost.onPort(port);
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      if (host != null) {
        host.close();
      }
      if (redis != null) {
        redis.stop();
      }
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  void throughTheAgentItConnectsAtOnceWhereStockWaitsOnTheDeadFirstAddressAndFails() throws Exception {
    String live = "127.0.0.1:" + port;
    String target = DeadFirstHost.NAME + ":" + port;
    ChildJvm.Run stock = NioChild.client(NioChild.Mode.STOCK, List.of(), "lettuce", live, target);
    ChildJvm.Run byName = NioChild.client(NioChild.Mode.AGENT_NIO, List.of(), "lettuce", live, target);
    StockVsByName.report("lettuce-agent", Timed.of(stock), Timed.of(byName), "stock connects to the first address only");
    StockVsByName.assertFast(Timed.of(byName));
    assertTrue(byName.output().contains("PONG, GET connect-by-name -> lettuce"), byName.output());
    StockVsByName.assertWaited(Timed.of(stock));
    assertFalse(stock.connected(), "stock Lettuce connects to the first address only: " + stock.output());
  }
}
