package io.connectbyname;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The by-name socket on real loopback sockets: connect context, socket contract, abort. */
@Timeout(30)
class ByNameSocketTest {
  private static final String NAME = "he.test";
  /** jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, found by name: the module does not read jdk.net. */
  @SuppressWarnings("unchecked")
  private static final SocketOption<Integer> KEEPIDLE;

  static {
    try (Socket probe = new Socket()) {
      KEEPIDLE = (SocketOption<Integer>) probe.supportedOptions().stream()
          .filter(o -> o.name().equals("TCP_KEEPIDLE")).findFirst().orElse(null);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ByNameSocketFactory factory(Fixtures.Site site) {
    return new ByNameSocketFactory(Settings.defaults()
        .withResolver(Fixtures.resolver(Map.of(NAME, site.addresses()))));
  }

  @Test
  void optionsSetBeforeConnectHoldOnTheWinnerAfterTheFirstAddressFailed() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4));
        Socket plain = new Socket();
        Socket s = factory(site).createSocket()) {
      for (Socket each : List.of(plain, s)) {
        each.setTcpNoDelay(true);
        each.setKeepAlive(true);
        each.setReceiveBufferSize(70_000);
        each.setSendBufferSize(90_000);
        each.setSoLinger(true, 7);
        each.setReuseAddress(true);
        each.setTrafficClass(0x10);
        each.setOOBInline(true);
        each.setSoTimeout(4321);
        if (KEEPIDLE != null) {
          each.setOption(KEEPIDLE, 77);
        }
      }
      plain.connect(site.address(1), 5000);
      s.connect(InetSocketAddress.createUnresolved(NAME, site.port()), 5000);

      assertEquals(V4, s.getInetAddress(), "the second address won");
      assertTrue(s.getTcpNoDelay());
      assertTrue(s.getKeepAlive());
      assertTrue(s.getReuseAddress());
      assertTrue(s.getOOBInline());
      assertEquals(7, s.getSoLinger());
      assertEquals(4321, s.getSoTimeout());
      assertEquals(plain.getReceiveBufferSize(), s.getReceiveBufferSize(), "as the JDK's own socket");
      assertEquals(plain.getSendBufferSize(), s.getSendBufferSize(), "as the JDK's own socket");
      assertEquals(plain.getTrafficClass(), s.getTrafficClass());
      if (KEEPIDLE != null) {
        assertEquals(77, s.getOption(KEEPIDLE), "an extended option");
      }
    }
  }

  @Test
  void optionsReadBeforeConnectAreTheRecordedOnesOrTheJdkDefaults() throws IOException {
    try (Socket plain = new Socket(); Socket s = new ByNameSocketFactory().createSocket()) {
      assertEquals(plain.getTcpNoDelay(), s.getTcpNoDelay());
      assertEquals(plain.getKeepAlive(), s.getKeepAlive());
      assertEquals(plain.getSoLinger(), s.getSoLinger());
      s.setTcpNoDelay(true);
      assertTrue(s.getTcpNoDelay());
      assertEquals(plain.supportedOptions(), s.supportedOptions());
    }
  }

  @Test
  void badOptionValuesAreRejectedAsTheJdkRejectsThem() throws IOException {
    try (Socket s = new ByNameSocketFactory().createSocket()) {
      assertThrows(IllegalArgumentException.class, () -> s.setReceiveBufferSize(0));
      assertThrows(IllegalArgumentException.class, () -> s.setSoTimeout(-1));
      assertThrows(IllegalArgumentException.class, () -> s.setTrafficClass(256));
      @SuppressWarnings("unchecked")
      SocketOption<Object> raw = (SocketOption<Object>) (SocketOption<?>) StandardSocketOptions.SO_RCVBUF;
      assertThrows(IllegalArgumentException.class, () -> s.setOption(raw, "big"));
      assertThrows(UnsupportedOperationException.class, () -> s.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1));
    }
  }

  @Test
  void soTimeoutEndsAReadThatGetsNothing() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4));
        Socket s = factory(site).createSocket()) {
      s.setSoTimeout(200);
      s.connect(InetSocketAddress.createUnresolved(NAME, site.port()), 5000);
      long start = System.nanoTime();
      InputStream in = s.getInputStream();
      assertThrows(SocketTimeoutException.class, in::read);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis >= 150 && millis < 3000, "read timed out after " + millis + " ms");
      assertFalse(s.isClosed(), "a read timeout leaves the socket usable, as the JDK's");
      s.setSoTimeout(100); // after connect too
      assertEquals(100, s.getSoTimeout());
    }
  }

  @Test
  void theConnectedSocketBehavesAsAPlainOne() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4));
        Socket s = factory(site).createSocket(NAME, site.port())) {
      assertTrue(s.isConnected());
      assertTrue(s.isBound());
      assertFalse(s.isClosed());
      assertEquals(NAME + "/127.0.0.1", s.getInetAddress().toString(), "the name asked for is kept");
      assertEquals(site.port(), s.getPort());
      assertEquals(V4, s.getLocalAddress());
      assertTrue(s.getLocalPort() > 0);
      assertEquals(new InetSocketAddress(s.getInetAddress(), site.port()), s.getRemoteSocketAddress());
      s.getOutputStream().write(new byte[] {1, 2, 3});
      byte[] back = s.getInputStream().readNBytes(3);
      assertArrayEquals(new byte[] {1, 2, 3}, back);
      s.shutdownOutput();
      assertTrue(s.isOutputShutdown());
      assertEquals(-1, s.getInputStream().read(), "the echo server closes when we shut down output");
      s.shutdownInput();
      assertTrue(s.isInputShutdown());
      s.close();
      assertTrue(s.isClosed());
      s.close(); // idempotent
      assertThrows(SocketException.class, s::getInputStream);
      assertThrows(SocketException.class, () -> s.connect(site.address(1)));
    }
  }

  @Test
  void aSecondConnectIsRefused() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4));
        Socket s = factory(site).createSocket(NAME, site.port())) {
      SocketException e = assertThrows(SocketException.class, () -> s.connect(site.address(0)));
      assertTrue(e.getMessage().toLowerCase().contains("connected"), e.getMessage());
    }
  }

  @Test
  void anAddressMadeFromTheNameIsReresolvedAndRaced() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      InetAddress named = InetAddress.getByAddress(NAME, V6.getAddress()); // as the JDK resolves it: the dead one
      long start = System.nanoTime();
      try (Socket s = factory(site).createSocket(named, site.port())) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(V4, s.getInetAddress());
        assertEquals(NAME, s.getInetAddress().getHostName());
        assertTrue(millis < 1000, "fell back to the live address in " + millis + " ms");
      }
    }
  }

  @Test
  void aNameThatDoesNotOwnTheAddressNeverRedirectsIt() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4))) {
      // A name from a reverse lookup: the name's own addresses do not include 127.0.0.3.
      InetAddress foreign = InetAddress.getByAddress(NAME, Fixtures.v4(3).getAddress());
      IOException e = assertThrows(IOException.class,
          () -> factory(site).createSocket(foreign, site.port()).close());
      assertEquals("Connection refused", e.getMessage(), "127.0.0.3 alone was tried, as the JDK would");
      assertEquals(List.of(), ((Fixtures.Server) site.listener(0)).clients(), "the name's own address was never tried");
    }
  }

  @Test
  void aLiteralMeansExactlyThatAddress() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      ByNameSocketFactory f = new ByNameSocketFactory(Settings.defaults()
          .withTimeout(Duration.ofMillis(300))
          .withResolver(Fixtures.resolver(Map.of(NAME, site.addresses()))));
      assertThrows(SocketTimeoutException.class, () -> f.createSocket(V6, site.port()).close());
    }
  }

  @Test
  void aBindBeforeConnectIsHonouredAndRestrictsTheFamily() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V6), Fixtures.echo(V4))) {
      try (Socket s = factory(site).createSocket()) {
        s.bind(new InetSocketAddress(V4, 0));
        assertTrue(s.isBound());
        s.connect(InetSocketAddress.createUnresolved(NAME, site.port()), 5000);
        assertEquals(V4, s.getInetAddress(), "only IPv4 is tried from an IPv4 bind");
        assertEquals(V4, s.getLocalAddress());
      }
      try (Socket s = factory(site).createSocket(NAME, site.port(), V6, 0)) {
        assertEquals(V6, s.getLocalAddress());
      }
    }
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4)); Socket s = factory(site).createSocket()) {
      s.bind(new InetSocketAddress(V6, 0));
      IOException e = assertThrows(IOException.class,
          () -> s.connect(InetSocketAddress.createUnresolved(NAME, site.port()), 5000));
      assertTrue(e.getMessage().contains("[::1]") && e.getMessage().contains("127.0.0.1"), e.getMessage());
      // A failed connect closes the implementation, as the JDK's (JDK 25 also marks the Socket closed).
      SocketException again = assertThrows(SocketException.class, () -> s.connect(site.address(0)));
      assertTrue(again.getMessage().contains("closed"), again.getMessage());
    }
  }

  @Test
  void closeFromAnotherThreadEndsTheConnectAtOnceAndLeaksNothing() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4))) {
      int before = Fixtures.openFileDescriptors();
      Socket s = factory(site).createSocket();
      CompletableFuture<Throwable> result = CompletableFuture.supplyAsync(() -> {
        try {
          s.connect(InetSocketAddress.createUnresolved(NAME, site.port()), 20_000);
          return null;
        } catch (Throwable t) {
          return t;
        }
      });
      Thread.sleep(400); // both attempts are in flight
      long start = System.nanoTime();
      s.close();
      Throwable t = result.get(5, TimeUnit.SECONDS);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(t instanceof SocketException && "Socket closed".equals(t.getMessage()), String.valueOf(t));
      assertTrue(millis < 500, "connect ended " + millis + " ms after close");
      assertEquals(before, Fixtures.openFileDescriptors(), "descriptors after the aborted connect");
    }
  }
}
