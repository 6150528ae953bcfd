package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.JedisExample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/** Jedis against a real Redis 6.2, through the {@code JedisSocketFactory} of {@link JedisExample}. */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class JedisIT {
  /** Stock Jedis shuffles the addresses: in this many tries it meets the dead one first, but once in 1024 runs. */
  static final int STOCK_TRIES = 10;
  static final JedisClientConfig CONFIG = DefaultJedisClientConfig.builder()
      .connectionTimeoutMillis(StockVsByName.CONNECT_TIMEOUT_MS).autoNegotiateProtocol(false).build();

  private static Redis redis;
  private static int port;

  @BeforeAll
  static void start() throws IOException {
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
  void byNameConnectsAtOnceWhereStockWaitsWhenItsShuffleTriesTheDeadAddressFirst() {
    HostAndPort server = new HostAndPort(DeadFirstHost.NAME, port);
    try (Jedis a = new Jedis(new HostAndPort("127.0.0.1", port), CONFIG);
        Jedis b = new Jedis(JedisExample.byName(new HostAndPort("127.0.0.1", port), CONFIG), CONFIG)) {
      assertEquals("PONG", a.ping()); // warm-up: classes loaded before anything is timed
      assertEquals("PONG", b.ping());
    }
    List<Timed<String>> stocks = new ArrayList<>();
    Timed<String> stock;
    do {
      stock = Timed.of(() -> {
        try (Jedis jedis = new Jedis(server, CONFIG)) {
          return jedis.ping();
        }
      });
      stocks.add(stock);
    } while (stock.millis() < StockVsByName.WAITED_MS && stocks.size() < STOCK_TRIES);
    Timed<Jedis> byName = Timed.of(() -> {
      Jedis jedis = new Jedis(JedisExample.byName(server, CONFIG), CONFIG);
      jedis.ping();
      return jedis;
    });
    StockVsByName.report("jedis", stock, byName, "stock shuffles the addresses and tries each in turn; "
        + stocks.size() + " stock connect(s) to meet the dead one first: " + stocks.stream().map(Timed::millis).toList() + " ms");
    StockVsByName.assertFast(byName);
    try (Jedis jedis = byName.value()) {
      assertEquals("OK", jedis.set("connect-by-name", "works"));
      assertEquals("works", jedis.get("connect-by-name"));
    }
    for (Timed<String> t : stocks) {
      assertTrue(t.ok(), () -> "stock Jedis falls back to the next address: " + t.outcome());
      assertTrue(t.millis() < StockVsByName.FAST_MS || t.millis() >= StockVsByName.WAITED_MS,
          "stock Jedis either drew the live address first or waited on the dead one: " + t.millis() + " ms");
    }
    // Stock: the dead address costs the whole timeout whenever the shuffle puts it first, half the
    // connects. All STOCK_TRIES may miss it (probability 1/2^STOCK_TRIES): then say so.
    if (stock.millis() < StockVsByName.WAITED_MS) {
      System.out.println("  jedis: the shuffle put the live address first " + STOCK_TRIES + " times in a row");
    }
  }
}
