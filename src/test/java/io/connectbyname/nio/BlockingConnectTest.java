package io.connectbyname.nio;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static io.connectbyname.nio.Nio.NAME;
import static io.connectbyname.nio.Nio.byName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.ByNameSelectorProvider;
import io.connectbyname.Fixtures;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.time.Duration;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DESIGN §13 with §2, §4, §6: a blocking connect of the provider's channels, beside the JDK's channel. */
@Timeout(30)
class BlockingConnectTest {

  @Test
  void aBlockingConnectByNameRacesPastTheDeadFirstAddressAndReportsTheWinner() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4));
        SocketChannel ch = Nio.provider(site).openSocketChannel()) {
      long start = System.nanoTime();
      assertTrue(ch.connect(byName(site.port())));
      long millis = Nio.millisSince(start);
      assertTrue(millis < 2000, "connected to the live address in " + millis + " ms, the timeout being 10 s");
      assertTrue(ch.isConnected());
      assertFalse(ch.isConnectionPending());
      assertTrue(ch.finishConnect(), "finishConnect of a connected channel is true, as the JDK's");

      InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
      assertEquals(V4, remote.getAddress(), "the winner");
      assertEquals(site.port(), remote.getPort());
      assertEquals(NAME, remote.getHostString(), "named with the host asked for");

      InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
      assertEquals(V4, local.getAddress());
      Nio.assertEchoes(ch, "hello");
      Fixtures.Server server = (Fixtures.Server) site.listener(1);
      assertEquals(List.of(local), server.clients(), "the local address is the connection's own");
    }
  }

  @Test
  void aLiteralConnectsExactlyThatAddressWithNoLookup() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      Fixtures.Resolver resolver = Nio.resolver(site.addresses());
      try (SocketChannel ch = Nio.provider(resolver, Nio.TIMEOUT).openSocketChannel()) {
        assertTrue(ch.connect(new InetSocketAddress(V4, site.port())));
        assertEquals(new InetSocketAddress(V4, site.port()), ch.getRemoteAddress());
        Nio.assertEchoes(ch, "literal");
      }
      assertEquals(List.of(), resolver.lookups(), "a literal is never resolved");
    }
  }

  @Test
  void aRefusedLiteralFailsAsTheJdksChannelDoes() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.refused(V4), Fixtures.echo(V6))) {
      InetSocketAddress to = new InetSocketAddress(V4, site.port());
      SocketChannel jdk = Nio.jdk().openSocketChannel();
      SocketChannel ours = Nio.provider(site).openSocketChannel();
      IOException expected = assertThrows(IOException.class, () -> jdk.connect(to));
      IOException actual = assertThrows(IOException.class, () -> ours.connect(to));
      assertEquals(expected.getClass(), actual.getClass());
      assertEquals(expected.getMessage(), actual.getMessage());
      assertEquals(jdk.isOpen(), ours.isOpen(), "closed after a failed connect, as the JDK's");
      assertFalse(ours.isOpen());
      assertEquals(List.of(), ((Fixtures.Server) site.listener(1)).clients(), "the live address was never tried");
    }
  }

  @Test
  void anAddressMadeFromTheNameIsReresolvedAndRaced() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4));
        SocketChannel ch = Nio.provider(site).openSocketChannel()) {
      InetAddress named = InetAddress.getByAddress(NAME, V6.getAddress()); // as the JDK resolves it: the dead one
      long start = System.nanoTime();
      assertTrue(ch.connect(new InetSocketAddress(named, site.port())));
      long millis = Nio.millisSince(start);
      assertTrue(millis < 2000, "fell back to the live address in " + millis + " ms");
      InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
      assertEquals(V4, remote.getAddress());
      assertEquals(NAME, remote.getHostString());
    }
  }

  @Test
  void aNameThatDoesNotOwnTheAddressNeverRedirectsIt() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4))) {
      // A name from a reverse lookup: its own addresses do not include 127.0.0.3.
      InetAddress foreign = InetAddress.getByAddress(NAME, Fixtures.v4(3).getAddress());
      InetSocketAddress to = new InetSocketAddress(foreign, site.port());
      Fixtures.Resolver resolver = Nio.resolver(site.addresses());
      SocketChannel jdk = Nio.jdk().openSocketChannel();
      SocketChannel ours = Nio.provider(resolver, Nio.TIMEOUT).openSocketChannel();
      IOException expected = assertThrows(IOException.class, () -> jdk.connect(to));
      IOException actual = assertThrows(IOException.class, () -> ours.connect(to));
      assertEquals(expected.getClass(), actual.getClass(), "127.0.0.3 alone was tried, as the JDK would");
      assertEquals(expected.getMessage(), actual.getMessage());
      assertEquals(List.of(NAME), resolver.lookups(), "the name was asked for, and its answer not used");
      assertEquals(List.of(), ((Fixtures.Server) site.listener(0)).clients(), "the name's own address was never tried");
    }
  }

  @Test
  void everyAddressRefusedIsAConnectExceptionAsTheJdksChannelThrows() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.refused(V6), Fixtures.refused(V4))) {
      SocketChannel jdk = Nio.jdk().openSocketChannel();
      SocketChannel ours = Nio.provider(site).openSocketChannel();
      IOException expected = assertThrows(IOException.class, () -> jdk.connect(site.address(1)));
      long start = System.nanoTime();
      IOException actual = assertThrows(IOException.class, () -> ours.connect(byName(site.port())));
      assertTrue(Nio.millisSince(start) < 2000, "a refusal moves on at once");
      assertInstanceOf(ConnectException.class, expected);
      assertEquals(expected.getClass(), actual.getClass());
      assertTrue(actual.getMessage().startsWith(expected.getMessage()), "starts with the JDK's own text: " + actual.getMessage());
      assertEquals(2, actual.getSuppressed().length, "every attempt's cause");
      assertFalse(ours.isOpen(), "closed, as the JDK's");
      assertFalse(jdk.isOpen());
    }
  }

  @Test
  void anUnknownHostIsResolvedByUsAndItsFailureNamesTheHost() throws Exception {
    // The JDK's channel never resolves an unresolved address: UnresolvedAddressException, channel open.
    // Ours resolves it (that is the point): an UnknownHostException naming the host, channel closed.
    InetSocketAddress to = InetSocketAddress.createUnresolved("nowhere.test", 80);
    try (SocketChannel jdk = Nio.jdk().openSocketChannel()) {
      assertThrows(UnresolvedAddressException.class, () -> jdk.connect(to));
      assertTrue(jdk.isOpen());
    }
    SocketChannel ours = Nio.provider(Nio.resolver(List.of(V4)), Nio.TIMEOUT).openSocketChannel();
    UnknownHostException e = assertThrows(UnknownHostException.class, () -> ours.connect(to));
    assertTrue(e.getMessage().contains("nowhere.test"), e.getMessage());
    assertFalse(ours.isOpen(), "a failed connect closes the channel");
  }

  @Test
  void misuseThrowsWhatTheJdksChannelThrows() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4))) {
      ByNameSelectorProvider provider = Nio.provider(site);
      for (SocketChannel ch : List.of(Nio.jdk().openSocketChannel(), provider.openSocketChannel())) {
        try (ch) {
          assertNull(ch.getRemoteAddress(), ch + ": unconnected");
          assertNull(ch.getLocalAddress(), ch + ": unbound");
          assertThrows(NoConnectionPendingException.class, ch::finishConnect, ch.toString());
          assertThrows(NotYetConnectedException.class, () -> ch.read(ByteBuffer.allocate(1)), ch.toString());
          assertThrows(NotYetConnectedException.class, () -> ch.write(ByteBuffer.allocate(1)), ch.toString());
          assertThrows(NotYetConnectedException.class, ch::shutdownOutput, ch.toString());
          assertThrows(UnsupportedAddressTypeException.class, () -> ch.connect(new SocketAddress() {}), ch.toString());
          assertTrue(ch.isOpen(), ch + ": an address of the wrong type leaves it open");
          assertTrue(ch.connect(site.address(0)));
          assertThrows(AlreadyConnectedException.class, () -> ch.connect(site.address(0)), ch.toString());
          ch.close();
          assertThrows(ClosedChannelException.class, () -> ch.connect(site.address(0)), ch.toString());
          assertThrows(ClosedChannelException.class, ch::getRemoteAddress, ch.toString());
          assertThrows(ClosedChannelException.class, ch::finishConnect, ch.toString());
        }
      }
    }
  }

  @Test
  void anIpv4ChannelTriesOnlyIpv4AndAUnixChannelIsTheJdks() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      ByNameSelectorProvider provider = new ByNameSelectorProvider(
          Nio.settings(Nio.resolver(site.addresses())).withAttemptDelay(Duration.ofSeconds(5)));
      try (SocketChannel ch = provider.openSocketChannel(StandardProtocolFamily.INET)) {
        long start = System.nanoTime();
        assertTrue(ch.connect(byName(site.port())));
        assertTrue(Nio.millisSince(start) < 2000, "the dead ::1 was never tried: no attempt delay was waited");
        assertEquals(V4, ((InetSocketAddress) ch.getRemoteAddress()).getAddress());
      }
      try (SocketChannel jdk = Nio.jdk().openSocketChannel(StandardProtocolFamily.INET);
          SocketChannel ours = provider.openSocketChannel(StandardProtocolFamily.INET)) {
        ChannelOptionsTest.sameFailure(() -> jdk.connect(site.address(0)), () -> ours.connect(site.address(0)));
      }
      try (SocketChannel unix = provider.openSocketChannel(StandardProtocolFamily.UNIX)) {
        assertEquals(Nio.jdk().openSocketChannel(StandardProtocolFamily.UNIX).getClass(), unix.getClass());
        assertSame(Nio.jdk(), unix.provider(), "the JDK's own channel, its provider the JDK's");
      }
    }
  }

  @Test
  void aBlockingConnectByNameEndsAtTheSettingsTimeout() throws Exception {
    // The JDK's channel has no connect timeout; a connect by name has the settings' overall one (DESIGN §5).
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4))) {
      SocketChannel ch = Nio.provider(Nio.resolver(site.addresses()), Duration.ofMillis(600)).openSocketChannel();
      long start = System.nanoTime();
      IOException e = assertThrows(IOException.class, () -> ch.connect(byName(site.port())));
      long millis = Nio.millisSince(start);
      assertInstanceOf(java.net.SocketTimeoutException.class, e);
      assertTrue(e.getMessage().startsWith("Connect timed out"), e.getMessage());
      assertTrue(millis >= 550 && millis < 2000, "at the 600 ms deadline: " + millis + " ms");
      assertEquals(2, e.getSuppressed().length, "both attempts' causes");
      assertFalse(ch.isOpen());
    }
  }
}
