package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.Connection;
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

  @Test
  void byNameConnectsAtOnceWhereStockWaitsOnTheDeadFirstAddress() throws Exception {
    Timed<Connection> stock = MariadbIT.stockVsByName("mysql", "mysql-connector-j", DeadFirstHost.OTHER_NAME,
        BY_NAME, "stock loops over the addresses but a connect timeout ends the loop");
    // StandardSocketFactory tries the next address only after a SocketException; a connect
    // timeout is a SocketTimeoutException, not one, so the dead first address ends it all.
    assertFalse(stock.ok(), "stock MySQL Connector/J stops at a first address that times out");
  }
}
