package io.connectbyname.clients;

import static io.connectbyname.clients.PgjdbcIT.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** MariaDB Connector/J against a real MariaDB 10.11, through {@code socketFactory=io.connectbyname.ByNameSocketFactory}. */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class MariadbIT {
  static final String BY_NAME = "&socketFactory=io.connectbyname.ByNameSocketFactory";

  private static int port;
  private static DeadFirstHost host;

  @BeforeAll
  static void start() throws IOException {
    port = MariaDbServer.port();
    host = DeadFirstHost.onPort(port);
  }

  @AfterAll
  static void stop() throws IOException {
    if (host != null) {
      host.close();
    }
  }

  @Test
  void byNameConnectsAtOnceWhereStockWaitsOnTheDeadFirstAddress() throws Exception {
    MariaDbServer.warmUp("mariadb", BY_NAME);
    Timed<Connection> stock = Timed.of(() -> DriverManager.getConnection(url(DeadFirstHost.NAME)));
    Timed<Connection> byName = Timed.of(() -> DriverManager.getConnection(url(DeadFirstHost.NAME) + BY_NAME));
    StockVsByName.report("mariadb-java-client", stock, byName, "stock connects to the first address only");
    StockVsByName.assertFast(byName);
    try (Connection c = byName.value()) {
      assertEquals("42", query(c, "SELECT 6 * 7"));
      assertTrue(query(c, "SELECT VERSION()").contains("MariaDB"));
    }
    StockVsByName.assertWaited(stock);
    assertFalse(stock.ok(), "stock MariaDB Connector/J tries the first address only, so it fails when that one is dead");
  }

  private static String url(String hostName) {
    return MariaDbServer.url("mariadb", hostName);
  }
}
