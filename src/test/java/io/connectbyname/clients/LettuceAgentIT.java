package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.ChildJvm;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lettuce 7 (Netty NIO) against a real Redis 6.2 (embedded-redis, as {@link JedisIT}), in a child
 * JVM as it is and under {@code -javaagent:connect-by-name.jar=nio=on}.
 */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class LettuceAgentIT {
  private static Redis redis;
  private static int port;

  @BeforeAll
  static void start() throws IOException {
    ChildJvm.jar();
    redis = Redis.start();
    port = redis.port();
  }

  @AfterAll
  static void stop() throws IOException {
    if (redis != null) {
      redis.close();
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
