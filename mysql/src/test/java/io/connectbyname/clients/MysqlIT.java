package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MySQL Connector/J against a real MariaDB 10.11, through this artifact's adapter,
 * {@code socketFactory=io.connectbyname.mysql.MysqlSocketFactory}, as the line of
 * {@code META-INF-templates/jdbc-urls.md} names it. The server and the dead-first name are the
 * fixtures of connect-by-name's own client tests (its test jar).
 */
@Timeout(180)
class MysqlIT {
  static final String FACTORY = "socketFactory=io.connectbyname.mysql.MysqlSocketFactory";
  static final String BY_NAME = "&" + FACTORY;
  static final Path TEMPLATE = Path.of("..", "META-INF-templates", "jdbc-urls.md");

  @Test
  void byNameConnectsAtOnceWhereStockWaitsOnTheDeadFirstAddress() throws Exception {
    Timed<Connection> stock = MariadbIT.stockVsByName("mysql", "mysql-connector-j", DeadFirstHost.OTHER_NAME,
        BY_NAME, "stock loops over the addresses but a connect timeout ends the loop");
    // StandardSocketFactory tries the next address only after a SocketException; a connect
    // timeout is a SocketTimeoutException, not one, so the dead first address ends it all.
    assertFalse(stock.ok(), "stock MySQL Connector/J stops at a first address that times out");
  }

  @Test
  void theTemplatesMysqlLineNamesThisAdapter() throws Exception {
    assertTrue(Files.readAllLines(TEMPLATE).stream().anyMatch(l -> l.startsWith("jdbc:mysql:") && l.contains(FACTORY)),
        TEMPLATE + " names " + FACTORY);
  }
}
