package io.connectbyname;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fixtures behave as the real-socket tests rely on. */
@Timeout(10)
class FixturesTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "::1"})
  void blackholeMakesConnectsHang(String literal) throws IOException {
    InetAddress address = InetAddress.getByName(literal);
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(address));
         SocketChannel c = SocketChannel.open(address instanceof java.net.Inet6Address
             ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
         Selector selector = Selector.open()) {
      c.configureBlocking(false);
      assertFalse(c.connect(site.address(0)));
      c.register(selector, SelectionKey.OP_CONNECT);
      assertEquals(0, selector.select(300), "a connect to a blackhole must not end within 300 ms");
      assertFalse(c.isConnected());
    }
  }

  @Test
  void linuxNeedsBacklogPlusOneFillers() throws IOException {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux only");
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V4), Fixtures.blackhole(V6))) {
      assertEquals(2, ((Fixtures.Blackhole) site.listener(0)).fillers());
      assertEquals(2, ((Fixtures.Blackhole) site.listener(1)).fillers());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "::1", "127.0.0.2"})
  void refusedRefusesAtOnce(String literal) throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.refused(InetAddress.getByName(literal)));
         Socket s = new Socket()) {
      assertThrows(ConnectException.class, () -> s.connect(site.address(0), 5000));
    }
  }

  @Test
  void echoServerEchoes() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V6))) {
      try (Socket s = new Socket()) {
        s.connect(site.address(0), 5000);
        s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), s.getInputStream().readNBytes(4));
      }
      assertTrue(((Fixtures.Server) site.listener(0)).awaitFinished(1, Duration.ofSeconds(5)));
    }
  }

  @Test
  void liveServerAcceptsAndCloses() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V4))) {
      try (Socket s = new Socket()) {
        s.connect(site.address(0), 5000);
        assertEquals(-1, s.getInputStream().read(), "the server closes at once");
      }
      assertTrue(((Fixtures.Server) site.listener(0)).awaitFinished(1, Duration.ofSeconds(5)));
    }
  }

  @Test
  void siteSharesOnePortAcrossAddressesInSpecOrder() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.live(V4), Fixtures.refused(Fixtures.v4(2)))) {
      assertEquals(List.of(V6, V4, Fixtures.v4(2)), site.addresses());
      for (int i = 0; i < 3; i++) {
        assertEquals(site.port(), site.address(i).getPort());
      }
      assertEquals(Fixtures.Kind.BLACKHOLE, site.listener(0).kind());
    }
  }

  @Test
  void siteNeedsDistinctAddresses() {
    assertThrows(IllegalArgumentException.class, () -> Fixtures.site(Fixtures.live(V4), Fixtures.refused(V4)));
  }

  @Test
  void resolverKnowsItsTableOnly() throws UnknownHostException {
    Fixtures.Resolver r = Fixtures.resolver(Map.of("he.test", List.of(V6, V4)));
    assertEquals(List.of(V6, V4), r.resolve("he.test"));
    assertThrows(UnknownHostException.class, () -> r.resolve("other.test"));
    assertEquals(List.of("he.test", "other.test"), r.lookups());
  }

  @Test
  void openFileDescriptorsCountsSockets() throws IOException {
    assumeTrue(Fixtures.openFileDescriptors() >= 0, "no /proc/self/fd");
    int before = Fixtures.openFileDescriptors();
    try (SocketChannel c = SocketChannel.open()) {
      assertTrue(c.isOpen());
      assertEquals(before + 1, Fixtures.openFileDescriptors());
      assertTrue(Fixtures.difference(Map.of(), Fixtures.fileDescriptors()).contains("socket:"), "names what is open");
    }
    assertEquals(before, Fixtures.openFileDescriptors());
  }

  @Test
  void theLeakCheckNamesADescriptorLeftOpenAndPassesOnceItIsClosed() throws IOException {
    Map<Integer, String> before = Fixtures.fileDescriptors();
    assumeTrue(before != null, "no /proc/self/fd");
    try (SocketChannel left = SocketChannel.open()) {
      AssertionError e = assertThrows(AssertionError.class, () -> Fixtures.assertNoDescriptorLeak(before, "now"));
      assertTrue(e.getMessage().contains("1 descriptor(s) opened and still open now") && e.getMessage().contains("socket:"),
          e.getMessage());
    }
    Fixtures.assertNoDescriptorLeak(before, "after closing it");
  }

  @Test
  void closingASiteReleasesItsDescriptors() throws IOException {
    assumeTrue(Fixtures.openFileDescriptors() >= 0, "no /proc/self/fd");
    int before = Fixtures.openFileDescriptors();
    Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.refused(V4));
    assertTrue(Fixtures.openFileDescriptors() > before);
    site.close();
    assertEquals(before, Fixtures.openFileDescriptors());
  }
}
