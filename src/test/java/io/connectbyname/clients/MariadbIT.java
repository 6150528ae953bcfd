package io.connectbyname.clients;

import static io.connectbyname.clients.Sql.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** MariaDB Connector/J against a real MariaDB 10.11, through {@code socketFactory=io.connectbyname.ByNameSocketFactory}. */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class MariadbIT {
  static final String BY_NAME = "&socketFactory=io.connectbyname.ByNameSocketFactory";

  @Test
  void byNameConnectsAtOnceWhereStockWaitsOnTheDeadFirstAddress() throws Exception {
    Timed<Connection> stock = stockVsByName("mariadb", "mariadb-java-client", DeadFirstHost.NAME, BY_NAME,
        "stock connects to the first address only");
    assertFalse(stock.ok(), "stock MariaDB Connector/J tries the first address only, so it fails when that one is dead");
  }

  /**
   * For each driver of the MariaDB server ({@code mariadb}, {@code mysql}): with {@code hostName}'s
   * first address dead, connects stock and with {@code byName} appended to the URL, reports both,
   * checks that by name was fast and works and that stock waited; returns the stock attempt.
   */
  static Timed<Connection> stockVsByName(String driver, String client, String hostName, String byName,
      String note) throws Exception {
    try (DeadFirstHost host = DeadFirstHost.onPort(MariaDbServer.port())) {
      MariaDbServer.warmUp(driver, byName);
      String url = MariaDbServer.url(driver, hostName);
      Timed<Connection> stock = Timed.of(() -> DriverManager.getConnection(url));
      Timed<Connection> connected = Timed.of(() -> DriverManager.getConnection(url + byName));
      StockVsByName.report(client, stock, connected, note);
      StockVsByName.assertFast(connected);
      try (Connection c = connected.value()) {
        assertEquals("42", query(c, "SELECT 6 * 7"));
        assertTrue(query(c, "SELECT VERSION()").contains("MariaDB"));
      }
      StockVsByName.assertWaited(stock);
      return stock;
    }
  }
}
