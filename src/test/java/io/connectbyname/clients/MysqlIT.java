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

/**
 * MySQL Connector/J against a real MariaDB 10.11, through the adapter shipped in the jar,
 * {@code socketFactory=io.connectbyname.mysql.MysqlSocketFactory}. The server is MariadbIT's, so
 * the name is another one: the connect history must not have seen it.
 */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class MysqlIT {
  static final String BY_NAME = "&socketFactory=io.connectbyname.mysql.MysqlSocketFactory";

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
    MariaDbServer.warmUp("mysql", BY_NAME);
    Timed<Connection> stock = Timed.of(() -> DriverManager.getConnection(url(DeadFirstHost.OTHER_NAME)));
    Timed<Connection> byName = Timed.of(() -> DriverManager.getConnection(url(DeadFirstHost.OTHER_NAME) + BY_NAME));
    StockVsByName.report("mysql-connector-j", stock, byName,
        "stock loops over the addresses but a connect timeout ends the loop");
    StockVsByName.assertFast(byName);
    try (Connection c = byName.value()) {
      assertEquals("42", query(c, "SELECT 6 * 7"));
      assertTrue(query(c, "SELECT VERSION()").contains("MariaDB"));
    }
    StockVsByName.assertWaited(stock);
    // StandardSocketFactory tries the next address only after a SocketException; a connect
    // timeout is a SocketTimeoutException, not one, so the dead first address ends it all.
    assertFalse(stock.ok(), "stock MySQL Connector/J stops at a first address that times out");
  }

  private static String url(String hostName) {
    return MariaDbServer.url("mysql", hostName);
  }
}
