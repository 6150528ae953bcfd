package io.connectbyname;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.clients.TwoAddressResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Properties;
import javax.net.SocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGProperty;
import org.postgresql.core.PGStream;
import org.postgresql.core.SocketFactoryFactory;
import org.postgresql.util.HostSpec;
import org.postgresql.util.PSQLException;

/**
 * The JDBC URLs of README.md, jdbc-urls.md and examples/ take effect: each is parsed and its factory
 * made by the driver's own code (pgjdbc: {@code Driver.parseURL}, {@code SocketFactoryFactory},
 * {@code PGStream}; MariaDB: {@code Configuration.parse}, {@code ConnectionHelper.connectSocket}),
 * then connected to {@value TwoAddressResolver#NAME} ({@code ::1} then {@code 127.0.0.1}, the
 * resolver named by {@code -Dconnectbyname.resolver}). With {@code ::1} silent, the time to
 * connect is when the second attempt started: about the attempt delay.
 */
@Timeout(60)
class JdbcUrlSettingsTest {
  static final String NAME = TwoAddressResolver.NAME;
  /**
   * With the default attempt delay the second attempt starts at 250 ms or later, so anything
   * sooner proves the setting took effect; the room above 100 ms is for a loaded machine.
   */
  static final long SOONER_THAN_DEFAULT_MS = Settings.DEFAULT_ATTEMPT_DELAY.toMillis();

  static final String PGJDBC = "jdbc:postgresql://db.example:5432/app?socketFactory=io.connectbyname.ByNameSocketFactory";
  static final String PGJDBC_WITH_ARGUMENT = PGJDBC + "&socketFactoryArg=attemptDelay=100;family=any&connectTimeout=10";
  static final String MARIADB = "jdbc:mariadb://db.example:3306/app"
      + "?socketFactory=io.connectbyname.ByNameSocketFactory&connectTimeout=10000";
  /** Run by MysqlIT against a real server: Connector/J resolves the name itself, so only a hosts file will do. */
  static final String MYSQL = "jdbc:mysql://db.example:3306/app"
      + "?socketFactory=io.connectbyname.mysql.MysqlSocketFactory&connectTimeout=10000";
  static final String MSSQL = "jdbc:sqlserver://db.example:1433;databaseName=app;"
      + "socketFactoryClass=io.connectbyname.ByNameSocketFactory;"
      + "socketFactoryConstructorArg={attemptDelay=100;family=any};loginTimeout=10";

  /** A connect that succeeded: how long it took and the address that won. */
  record Connected(long millis, InetAddress remote) {}

  @BeforeAll
  static void warmUp() throws Exception {
    // The drivers' classes and the race's are loaded here, not in the connects that are timed.
    try (Fixtures.Site site = Fixtures.site(Fixtures.refused(V6), Fixtures.live(V4))) {
      pgjdbc("jdbc:postgresql://db.example/app?socketFactory=io.connectbyname.ByNameSocketFactory", site);
      mariadb("jdbc:mariadb://db.example/app?socketFactory=io.connectbyname.ByNameSocketFactory", site);
    }
  }

  @Test
  void everyJdbcLineOfTheTemplateIsRunByATest() throws java.io.IOException {
    List<String> lines = java.nio.file.Files.readAllLines(Documented.JDBC_URLS).stream()
        .filter(l -> l.startsWith("jdbc:")).toList();
    assertEquals(List.of(PGJDBC, PGJDBC_WITH_ARGUMENT, MARIADB, MYSQL, MSSQL), lines);
  }

  @Test
  void theReadmesPgjdbcUrlStartsTheSecondAddressAfter100MsWhereThePlainOneWaits250() throws Exception {
    String url = Documented.line(Documented.README, "jdbc:postgresql://db.example/app"
        + "?socketFactory=io.connectbyname.ByNameSocketFactory&socketFactoryArg=attemptDelay=100");
    assertSecondAttemptAfter100Ms(pgjdbc(url, deadFirst()));
    Connected plain = pgjdbc(Documented.line(Documented.JDBC_URLS, PGJDBC), deadFirst());
    assertEquals(V4, plain.remote(), plain.toString());
    assertTrue(plain.millis() >= Settings.DEFAULT_ATTEMPT_DELAY.toMillis() - 10,
        "without socketFactoryArg, the default 250 ms attempt delay: " + plain);
  }

  @Test
  void theTemplatesPgjdbcUrlTakesItsArgumentAndItsConnectTimeout() throws Exception {
    String url = Documented.line(Documented.JDBC_URLS, PGJDBC_WITH_ARGUMENT);
    assertSecondAttemptAfter100Ms(pgjdbc(url, deadFirst())); // family=any: ::1 was tried, then 127.0.0.1
    assertEquals(10, PGProperty.CONNECT_TIMEOUT.getInt(org.postgresql.Driver.parseURL(url, new Properties())));
    // connectTimeout=10 (seconds) shortened to 1: one overall second for both silent addresses.
    String short1 = url.replace("connectTimeout=10", "connectTimeout=1");
    try (Fixtures.Site silent = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4))) {
      long start = System.nanoTime();
      assertThrows(SocketTimeoutException.class, () -> pgjdbc(short1, silent));
      assertOneOverallSecond(millisSince(start));
    }
  }

  @Test
  void thePgjdbcExamplesArgumentTriesNoIpv6Address() throws Exception {
    String url = Documented.line(Documented.EXAMPLES.resolve("PgjdbcExample.java"), "jdbc:postgresql://"
        + "db.example:5432/app?socketFactory=io.connectbyname.ByNameSocketFactory&socketFactoryArg="
        + "attemptDelay=100;family=ipv4&connectTimeout=10");
    try (Fixtures.Site bothLive = Fixtures.site(Fixtures.live(V6), Fixtures.live(V4))) {
      assertEquals(V4, pgjdbc(url, bothLive).remote());
      assertEquals(List.of(), ((Fixtures.Server) bothLive.listener(0)).clients(), "::1 was never tried");
      assertEquals(V6, pgjdbc(url.replace(";family=ipv4", ""), bothLive).remote(), "without family=ipv4, ::1 first");
    }
  }

  @Test
  void connectbynamePropertiesInThePgjdbcUrlTakeEffect() throws Exception {
    String url = Documented.line(Documented.EXAMPLES.resolve("PgjdbcExample.java"),
        "jdbc:postgresql://db.example:5432/app?socketFactory=io.connectbyname.ByNameSocketFactory&connectTimeout=10");
    assertSecondAttemptAfter100Ms(pgjdbc(url + "&connectbyname.attemptDelay=100", deadFirst()));
  }

  @Test
  void aBadSocketFactoryArgIsRejectedWithOneLine() {
    String url = "jdbc:postgresql://db.example/app?socketFactory=io.connectbyname.ByNameSocketFactory"
        + "&socketFactoryArg=attemptDelay=bogus";
    PSQLException e = assertThrows(PSQLException.class,
        () -> SocketFactoryFactory.getSocketFactory(org.postgresql.Driver.parseURL(url, new Properties())));
    assertEquals("Bad setting attemptDelay=bogus (from connection property socketFactoryArg): expected a whole number >= 0",
        cause(e, IllegalArgumentException.class).getMessage());
  }

  @Test
  void theTemplatesMariadbUrlTakesTheSystemProperty() throws Exception {
    String url = Documented.line(Documented.JDBC_URLS, MARIADB);
    Documented.line(Documented.JDBC_URLS, "`-Dconnectbyname.attemptDelay=100`");
    try (TemporarySettings s = TemporarySettings.of("attemptDelay", "100")) {
      assertSecondAttemptAfter100Ms(mariadb(url, deadFirst()));
    }
    assertEquals(10_000, org.mariadb.jdbc.Configuration.parse(url).connectTimeout());
    String short1 = url.replace("connectTimeout=10000", "connectTimeout=1000");
    try (Fixtures.Site silent = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4))) {
      long start = System.nanoTime();
      // An SQLException (this module does not read java.sql, so no type is named here).
      Exception e = assertThrows(Exception.class, () -> mariadb(short1, silent));
      assertOneOverallSecond(millisSince(start));
      assertNotNull(cause(e, SocketTimeoutException.class));
    }
  }

  @Test
  void theTemplatesMssqlArgumentTakesEffectThroughTheStringConstructor() throws Exception {
    String url = Documented.line(Documented.JDBC_URLS, MSSQL);
    String arg = url.substring(url.indexOf('{') + 1, url.indexOf('}'));
    // mssql-jdbc (not a dependency here) makes the factory as Util.newInstance does, then connects
    // createSocket() with the timeout from loginTimeout.
    try (Fixtures.Site site = deadFirst(); TemporarySettings s = TemporarySettings.of("resolver", resolver());
        Socket socket = ((SocketFactory) Class.forName("io.connectbyname.ByNameSocketFactory")
            .getDeclaredConstructor(String.class).newInstance(arg)).createSocket()) {
      long start = System.nanoTime();
      socket.connect(InetSocketAddress.createUnresolved(NAME, site.port()), 10_000);
      assertSecondAttemptAfter100Ms(new Connected(millisSince(start), socket.getInetAddress()));
    }
  }

  /** Connects to {@link #NAME} on {@code site} as pgjdbc does; closes the connection again. */
  static Connected pgjdbc(String url, Fixtures.Site site) throws Exception {
    try (TemporarySettings s = TemporarySettings.of("resolver", resolver())) {
      Properties props = org.postgresql.Driver.parseURL(Documented.at(url, NAME, site.port()), new Properties());
      SocketFactory factory = SocketFactoryFactory.getSocketFactory(props);
      HostSpec host = new HostSpec(PGProperty.PG_HOST.getOrDefault(props), PGProperty.PG_PORT.getInt(props));
      long start = System.nanoTime();
      try (PGStream stream = new PGStream(factory, host, PGProperty.CONNECT_TIMEOUT.getInt(props) * 1000)) {
        return new Connected(millisSince(start), stream.getSocket().getInetAddress());
      }
    }
  }

  /** Connects to {@link #NAME} on {@code site} as MariaDB Connector/J does; closes the socket again. */
  static Connected mariadb(String url, Fixtures.Site site) throws Exception {
    try (TemporarySettings s = TemporarySettings.of("resolver", resolver())) {
      org.mariadb.jdbc.Configuration conf = org.mariadb.jdbc.Configuration.parse(Documented.at(url, NAME, site.port()));
      long start = System.nanoTime();
      try (Socket socket = org.mariadb.jdbc.client.impl.ConnectionHelper.connectSocket(conf, conf.addresses().get(0))) {
        return new Connected(millisSince(start), socket.getInetAddress());
      }
    }
  }

  /** {@code ::1} silent (its accept queue full), {@code 127.0.0.1} live, on one port. */
  static Fixtures.Site deadFirst() throws java.io.IOException {
    return Fixtures.site(Fixtures.blackhole(V6), Fixtures.live(V4));
  }

  static String resolver() {
    return TwoAddressResolver.class.getName();
  }

  /** Past the silent ::1 to 127.0.0.1, after the 100 ms attempt delay and before the default 250 ms. */
  static void assertSecondAttemptAfter100Ms(Connected c) {
    assertEquals(V4, c.remote(), c.toString());
    assertTrue(c.millis() >= 90, "::1 was tried first, for the attempt delay: " + c);
    assertTrue(c.millis() < SOONER_THAN_DEFAULT_MS, "127.0.0.1 started before the default 250 ms: " + c);
  }

  private static void assertOneOverallSecond(long millis) {
    assertTrue(millis >= 950 && millis < 1900, "one overall 1 s timeout for both addresses: " + millis + " ms");
  }

  static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " among the causes of " + e, e);
  }
}
