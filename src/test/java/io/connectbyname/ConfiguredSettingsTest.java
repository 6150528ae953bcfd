package io.connectbyname;

import static io.connectbyname.JdbcUrlSettingsTest.NAME;
import static io.connectbyname.JdbcUrlSettingsTest.SOONER_THAN_DEFAULT_MS;
import static io.connectbyname.JdbcUrlSettingsTest.assertSecondAttemptAfter100Ms;
import static io.connectbyname.JdbcUrlSettingsTest.deadFirst;
import static io.connectbyname.JdbcUrlSettingsTest.millisSince;
import static io.connectbyname.JdbcUrlSettingsTest.resolver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.SocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration chain takes effect in this JVM, not only parses ({@code ConfigurationTest}
 * checks the parsing): the README's {@code -Dconnectbyname.attemptDelay=100}, the file named by
 * {@code connectbyname.config} and {@code connect-by-name.properties} on the class path change when
 * the second attempt to a name whose first address is silent starts, for the plain API, a factory
 * made with no argument and the shared factory. The environment is read by a fresh JVM only:
 * {@code ConfiguredCommandLineIT}.
 */
@Timeout(60)
class ConfiguredSettingsTest {
  @TempDir Path dir;

  @BeforeAll
  static void warmUp() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.refused(Fixtures.V6), Fixtures.live(Fixtures.V4));
        TemporarySettings s = TemporarySettings.of("resolver", resolver())) {
      ConnectByName.connect(NAME, site.port(), Duration.ofSeconds(5)).close();
    }
  }

  @Test
  void theSystemPropertyOfTheReadmeStartsTheSecondAttemptAfter100Ms() throws Exception {
    Documented.line(Documented.README, "(`-Dconnectbyname.attemptDelay=100`)");
    try (Fixtures.Site site = deadFirst(); TemporarySettings s = TemporarySettings.of("resolver", resolver(),
        "attemptDelay", "100"); Connection c = ConnectByName.connect(NAME, site.port(), Duration.ofSeconds(5))) {
      assertEquals(List.of(Attempt.Outcome.CANCELLED, Attempt.Outcome.CONNECTED),
          c.attempts().stream().map(Attempt::outcome).toList(), c.attempts().toString());
      long second = c.attempts().get(1).start().toMillis();
      assertTrue(second >= 90 && second < SOONER_THAN_DEFAULT_MS, "the second attempt started at " + second + " ms");
    }
    for (boolean shared : new boolean[] {false, true}) {
      try (Fixtures.Site site = deadFirst();
          TemporarySettings s = TemporarySettings.of("resolver", resolver(), "attemptDelay", "100")) {
        SocketFactory f = shared ? ByNameSocketFactory.getDefault() : new ByNameSocketFactory();
        assertSecondAttemptAfter100Ms(connect(f, site));
      }
    }
  }

  @Test
  void theFileNamedByConnectbynameConfigTakesEffect() throws Exception {
    Path file = dir.resolve("settings.properties");
    Files.writeString(file, "attemptDelay=100\n");
    try (Fixtures.Site site = deadFirst();
        TemporarySettings s = TemporarySettings.of("resolver", resolver(), "config", file.toString())) {
      assertSecondAttemptAfter100Ms(connect(new ByNameSocketFactory(), site));
    }
  }

  @Test
  void connectByNamePropertiesOnTheClassPathTakeEffect() throws Exception {
    Files.writeString(dir.resolve(Configuration.RESOURCE), "attemptDelay=100\nresolver=" + resolver() + "\n");
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (Fixtures.Site site = deadFirst();
        URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, before)) {
      thread.setContextClassLoader(loader); // the chain looks for the file through it
      Configuration.forget();
      assertSecondAttemptAfter100Ms(connect(new ByNameSocketFactory(), site));
    } finally {
      thread.setContextClassLoader(before);
      Configuration.forget();
    }
    assertEquals(Settings.DEFAULT_ATTEMPT_DELAY, Settings.configured().attemptDelay());
  }

  /** Connects {@code f}'s socket to {@link JdbcUrlSettingsTest#NAME} as drivers do, and closes it again. */
  private static JdbcUrlSettingsTest.Connected connect(SocketFactory f, Fixtures.Site site) throws IOException {
    try (Socket socket = f.createSocket()) {
      long start = System.nanoTime();
      socket.connect(InetSocketAddress.createUnresolved(NAME, site.port()), 5000);
      return new JdbcUrlSettingsTest.Connected(millisSince(start), socket.getInetAddress());
    }
  }
}
