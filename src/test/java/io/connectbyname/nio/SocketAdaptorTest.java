package io.connectbyname.nio;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static io.connectbyname.nio.Nio.NAME;
import static io.connectbyname.nio.Nio.byName;
import static io.connectbyname.nio.ChannelOptionsTest.sameFailure;
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
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The socket adaptor of the provider's channels, {@code channel.socket()}, beside the JDK's adaptor. */
@Timeout(30)
class SocketAdaptorTest {

  @Test
  void aTimedConnectOfTheAdaptorEndsAtItsOwnTimeoutNotTheSettings() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4))) {
      SocketChannel jdk = Nio.jdk().openSocketChannel();
      SocketChannel ours = Nio.provider(site).openSocketChannel(); // settings: 10 s
      long start = System.nanoTime();
      IOException expected = assertThrows(IOException.class, () -> jdk.socket().connect(site.address(1), 500));
      long jdkMillis = Nio.millisSince(start);
      start = System.nanoTime();
      IOException actual = assertThrows(IOException.class, () -> ours.socket().connect(byName(site.port()), 500));
      long millis = Nio.millisSince(start);
      assertInstanceOf(SocketTimeoutException.class, expected);
      assertEquals(expected.getClass(), actual.getClass(), String.valueOf(actual));
      assertTrue(actual.getMessage().startsWith(expected.getMessage()), actual.getMessage());
      assertTrue(jdkMillis >= 450, "the JDK's waited its timeout: " + jdkMillis + " ms");
      assertTrue(millis >= 450 && millis < 2000, "ours ended at the 500 ms timeout: " + millis + " ms");
      assertEquals(jdk.isOpen(), ours.isOpen(), "closed after the timeout, as the JDK's");
      assertTrue(ours.socket().isClosed());
    }
  }

  @Test
  void aTimedConnectOfTheAdaptorRacesPastADeadFirstAddress() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4));
        SocketChannel ch = Nio.provider(site).openSocketChannel()) {
      Socket s = ch.socket();
      assertSame(s, ch.socket());
      assertSame(ch, s.getChannel());
      long start = System.nanoTime();
      s.connect(byName(site.port()), 5000);
      assertTrue(Nio.millisSince(start) < 2000);
      assertTrue(s.isConnected());
      assertTrue(ch.isConnected());
      assertEquals(V4, s.getInetAddress());
      assertEquals(site.port(), s.getPort());
      assertEquals(V4, s.getLocalAddress());
      assertEquals(ch.getLocalAddress(), s.getLocalSocketAddress());
      Fixtures.assertEchoes(s, "through the adaptor");
    }
  }

  @Test
  void optionsSetThroughTheAdaptorBeforeConnectReachTheWinner() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4));
        SocketChannel jdk = Nio.jdk().openSocketChannel();
        SocketChannel ours = Nio.provider(site).openSocketChannel()) {
      for (Socket s : List.of(jdk.socket(), ours.socket())) {
        s.setTcpNoDelay(true);
        s.setKeepAlive(true);
        s.setSoLinger(true, 5);
        s.setReceiveBufferSize(70_000);
        s.setReuseAddress(true);
        s.setSoTimeout(1234);
        s.setOOBInline(true);
      }
      assertEquals(jdk.socket().getReceiveBufferSize(), ours.socket().getReceiveBufferSize());
      assertEquals(jdk.socket().getSoLinger(), ours.socket().getSoLinger());
      assertEquals(jdk.socket().getOOBInline(), ours.socket().getOOBInline());
      jdk.socket().connect(site.address(1), 5000);
      ours.socket().connect(byName(site.port()), 5000);
      assertEquals(V4, ours.socket().getInetAddress(), "past the dead address");
      Socket s = ours.socket();
      assertTrue(s.getTcpNoDelay());
      assertTrue(s.getKeepAlive());
      assertTrue(s.getReuseAddress());
      assertTrue(s.getOOBInline());
      assertEquals(5, s.getSoLinger());
      assertEquals(1234, s.getSoTimeout());
      assertEquals(jdk.socket().getReceiveBufferSize(), s.getReceiveBufferSize(), "as the JDK's adaptor");
      assertEquals(true, ours.getOption(StandardSocketOptions.TCP_NODELAY), "on the winning channel");
      assertEquals(5, ours.getOption(StandardSocketOptions.SO_LINGER));
      // SO_TIMEOUT holds on the winner: a read with nothing to read times out after it.
      long start = System.nanoTime();
      assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
      assertTrue(Nio.millisSince(start) >= 1100, "read timed out after SO_TIMEOUT");
    }
  }

  @Test
  void theAdaptorMisusedFailsAsTheJdksAdaptor() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4))) {
      ByNameSelectorProvider provider = Nio.provider(site);
      SocketChannel jdk = Nio.jdk().openSocketChannel();
      SocketChannel ours = provider.openSocketChannel();
      Socket j = jdk.socket();
      Socket o = ours.socket();
      assertEquals(j.isConnected(), o.isConnected());
      assertEquals(j.isBound(), o.isBound());
      assertEquals(j.getLocalPort(), o.getLocalPort());
      assertEquals(j.getPort(), o.getPort());
      assertNull(o.getInetAddress());
      assertNull(o.getRemoteSocketAddress());
      assertEquals(j.getLocalSocketAddress(), o.getLocalSocketAddress());
      sameFailure(j::getInputStream, o::getInputStream);
      sameFailure(j::getOutputStream, o::getOutputStream);
      sameFailure(() -> j.connect(null), () -> o.connect(null));
      sameFailure(() -> j.connect(site.address(0), -1), () -> o.connect(site.address(0), -1));
      sameFailure(() -> j.setSoTimeout(-1), () -> o.setSoTimeout(-1));
      sameFailure(() -> j.setReceiveBufferSize(0), () -> o.setReceiveBufferSize(0));
      jdk.configureBlocking(false);
      ours.configureBlocking(false);
      sameFailure(() -> j.connect(site.address(0), 100), () -> o.connect(site.address(0), 100));
      assertThrows(IllegalBlockingModeException.class, () -> o.connect(byName(site.port())));
      jdk.configureBlocking(true);
      ours.configureBlocking(true);
      j.connect(site.address(0), 1000);
      o.connect(byName(site.port()), 1000);
      assertEquals(j.isConnected(), o.isConnected());
      // Connected already: JDK 17's adaptor throws AlreadyConnectedException, JDK 25's a SocketException
      // "Already connected"; ours throws the channel's own, JDK 17's, on every JDK.
      assertThrows(AlreadyConnectedException.class, () -> o.connect(site.address(0), 1000));
      j.close();
      o.close();
      assertEquals(j.isClosed(), o.isClosed());
      assertFalse(ours.isOpen(), "closing the adaptor closes the channel");
      sameFailure(j::getInputStream, o::getInputStream);
      sameFailure(() -> j.setSoTimeout(1), () -> o.setSoTimeout(1));
      sameFailure(() -> j.setTcpNoDelay(true), () -> o.setTcpNoDelay(true));
      sameFailure(() -> j.connect(site.address(0)), () -> o.connect(site.address(0)));
    }
  }

  @Test
  void anUnresolvedAddressConnectsByNameThroughTheAdaptor() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4));
        SocketChannel ch = Nio.provider(site).openSocketChannel()) {
      ch.socket().connect(InetSocketAddress.createUnresolved(NAME, site.port()));
      assertTrue(ch.isConnected());
      assertEquals(NAME, ((InetSocketAddress) ch.getRemoteAddress()).getHostString());
    }
  }
}
