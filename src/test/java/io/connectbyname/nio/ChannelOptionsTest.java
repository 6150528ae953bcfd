package io.connectbyname.nio;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static io.connectbyname.nio.Nio.byName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.ByNameSelectorProvider;
import io.connectbyname.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** DESIGN §7 and §13: options and bind before connect, as the JDK's channel takes them, held by the winner. */
@Timeout(30)
class ChannelOptionsTest {
  private static final Map<SocketOption<?>, Object> OPTIONS = options();

  private static Map<SocketOption<?>, Object> options() {
    Map<SocketOption<?>, Object> m = new LinkedHashMap<>();
    m.put(StandardSocketOptions.SO_KEEPALIVE, true);
    m.put(StandardSocketOptions.TCP_NODELAY, true);
    m.put(StandardSocketOptions.SO_RCVBUF, 70_000);
    m.put(StandardSocketOptions.SO_SNDBUF, 90_000);
    m.put(StandardSocketOptions.SO_LINGER, 7);
    m.put(StandardSocketOptions.SO_REUSEADDR, true);
    return m;
  }

  @SuppressWarnings("unchecked")
  private static void setAll(SocketChannel ch) throws IOException {
    for (var e : OPTIONS.entrySet()) {
      ch.setOption((SocketOption<Object>) e.getKey(), e.getValue());
    }
  }

  private static Map<String, Object> read(SocketChannel ch) throws IOException {
    Map<String, Object> values = new LinkedHashMap<>();
    for (SocketOption<?> o : OPTIONS.keySet()) {
      values.put(o.name(), ch.getOption(o));
    }
    return values;
  }

  @Test
  void optionsSetBeforeConnectReadBackAsTheJdksAndHoldOnTheWinner() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4));
        SocketChannel jdk = Nio.jdk().openSocketChannel();
        SocketChannel ours = Nio.provider(site).openSocketChannel()) {
      Map<String, Object> defaults = read(jdk);
      assertEquals(defaults, read(ours), "a new channel's values, as the JDK's");
      setAll(jdk);
      setAll(ours);
      Map<String, Object> before = read(jdk);
      assertEquals(before, read(ours), "read back as the kernel reports them, as the JDK's");
      assertNotEquals(defaults, before);

      jdk.connect(site.address(1));
      ours.connect(byName(site.port()));
      assertEquals(V4, ((InetSocketAddress) ours.getRemoteAddress()).getAddress(), "the second address won");
      Map<String, Object> after = read(jdk);
      assertEquals(after, read(ours), "the winner carries every option, as the JDK's channel");
      assertEquals(true, after.get("TCP_NODELAY"));
      assertEquals(7, after.get("SO_LINGER"));
      Nio.assertEchoes(ours, "with options");
    }
  }

  @Test
  void anOptionSetWhileTheRaceRunsReachesTheWinner() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4));
        SocketChannel ch = Nio.provider(site).openSocketChannel();
        Selector selector = ch.provider().openSelector()) {
      ch.configureBlocking(false);
      assertFalse(ch.connect(byName(site.port())));
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
      assertEquals(true, ch.getOption(StandardSocketOptions.TCP_NODELAY), "as set, while connecting");
      SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT);
      while (selector.select(1000) == 0) {
        // until decided
      }
      assertTrue(key.isConnectable());
      assertTrue(ch.finishConnect());
      assertEquals(true, ch.getOption(StandardSocketOptions.TCP_NODELAY), "the winner's own value");
      assertEquals(true, ch.getOption(StandardSocketOptions.SO_KEEPALIVE));
    }
  }

  @Test
  void supportedOptionsAreTheJdksChannels() throws Exception {
    try (SocketChannel jdk = Nio.jdk().openSocketChannel();
        SocketChannel ours = Nio.provider(Nio.resolver(List.of(V4)), Nio.TIMEOUT).openSocketChannel()) {
      assertEquals(jdk.supportedOptions(), ours.supportedOptions());
      assertEquals(jdk.socket().supportedOptions(), ours.socket().supportedOptions());
    }
  }

  @Test
  void badOptionsFailAsTheJdksChannelFails() throws Exception {
    ByNameSelectorProvider provider = Nio.provider(Nio.resolver(List.of(V4)), Nio.TIMEOUT);
    SocketChannel jdk = Nio.jdk().openSocketChannel();
    SocketChannel ours = provider.openSocketChannel();
    sameFailure(() -> jdk.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true),
        () -> ours.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true));
    sameFailure(() -> jdk.getOption(StandardSocketOptions.IP_MULTICAST_LOOP),
        () -> ours.getOption(StandardSocketOptions.IP_MULTICAST_LOOP));
    sameFailure(() -> jdk.setOption(StandardSocketOptions.SO_RCVBUF, -1),
        () -> ours.setOption(StandardSocketOptions.SO_RCVBUF, -1));
    sameFailure(() -> jdk.setOption(StandardSocketOptions.SO_RCVBUF, null),
        () -> ours.setOption(StandardSocketOptions.SO_RCVBUF, null));
    sameFailure(() -> jdk.setOption(null, 1), () -> ours.setOption(null, 1));
    jdk.close();
    ours.close();
    sameFailure(() -> jdk.setOption(StandardSocketOptions.TCP_NODELAY, true),
        () -> ours.setOption(StandardSocketOptions.TCP_NODELAY, true));
    sameFailure(() -> jdk.getOption(StandardSocketOptions.TCP_NODELAY),
        () -> ours.getOption(StandardSocketOptions.TCP_NODELAY));
  }

  @Test
  void aBindBeforeConnectIsHonouredAndRestrictsTheFamily() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V6), Fixtures.echo(V4));
        SocketChannel ch = Nio.provider(site).openSocketChannel()) {
      assertTrue(ch.bind(new InetSocketAddress(V4, 0)) == ch);
      InetSocketAddress bound = (InetSocketAddress) ch.getLocalAddress();
      assertEquals(V4, bound.getAddress());
      assertNotEquals(0, bound.getPort(), "bound at once, as the JDK's");
      assertTrue(ch.connect(byName(site.port())));
      assertEquals(V4, ((InetSocketAddress) ch.getRemoteAddress()).getAddress(), "only IPv4 from an IPv4 bind");
      assertEquals(bound, ch.getLocalAddress(), "the port bound before is the connection's");
      Nio.assertEchoes(ch, "bound"); // the server has accepted it by now
      assertEquals(List.of(bound), ((Fixtures.Server) site.listener(1)).clients());
    }
  }

  @Test
  void aFixedLocalPortIsHonouredPastADeadFirstAddress() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      int port;
      try (ServerSocketChannel probe = Nio.jdk().openServerSocketChannel().bind(new InetSocketAddress(0))) {
        port = ((InetSocketAddress) probe.getLocalAddress()).getPort(); // free on both families
      }
      try (SocketChannel ch = Nio.provider(site).openSocketChannel()) {
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ch.bind(new InetSocketAddress(port));
        long start = System.nanoTime();
        assertTrue(ch.connect(byName(site.port())));
        assertTrue(Nio.millisSince(start) < 2000);
        assertEquals(port, ((InetSocketAddress) ch.getLocalAddress()).getPort());
        assertEquals(V4, ((InetSocketAddress) ch.getRemoteAddress()).getAddress());
      }
    }
  }

  @Test
  void bindNullBindsAWildcardEphemeralPortAsTheJdksDoes() throws Exception {
    try (SocketChannel jdk = Nio.jdk().openSocketChannel();
        SocketChannel ours = Nio.provider(Nio.resolver(List.of(V4)), Nio.TIMEOUT).openSocketChannel()) {
      jdk.bind(null);
      ours.bind(null);
      InetSocketAddress j = (InetSocketAddress) jdk.getLocalAddress();
      InetSocketAddress o = (InetSocketAddress) ours.getLocalAddress();
      assertEquals(j.getAddress(), o.getAddress());
      assertNotEquals(0, o.getPort());
      assertTrue(ours.socket().isBound());
      assertEquals(jdk.socket().isBound(), ours.socket().isBound());
      assertEquals(o.getPort(), ours.socket().getLocalPort());
    }
  }

  @Test
  void bindFailuresAreTheJdksChannels() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4));
        ServerSocketChannel taken = Nio.jdk().openServerSocketChannel().bind(new InetSocketAddress(V4, 0))) {
      ByNameSelectorProvider provider = Nio.provider(site);
      SocketAddress inUse = taken.getLocalAddress();
      sameOutcome(ch -> ch.bind(inUse), provider, "an address in use");
      sameOutcome(ch -> ch.bind(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 0)), provider,
          "an address not local");
      sameOutcome(ch -> ch.bind(InetSocketAddress.createUnresolved("localhost", 0)), provider, "unresolved");
      sameOutcome(ch -> ch.bind(new SocketAddress() {}), provider, "of another type");
      sameOutcome(ch -> {
        ch.bind(null);
        ch.bind(null);
      }, provider, "twice");
      sameOutcome(ch -> {
        ch.close();
        ch.bind(null);
      }, provider, "closed");
      sameOutcome(ch -> {
        ch.connect(site.address(0));
        ch.bind(null);
      }, provider, "connected to a literal");
      try (SocketChannel jdk = Nio.jdk().openSocketChannel(); SocketChannel ours = provider.openSocketChannel()) {
        jdk.connect(site.address(0));
        ours.connect(byName(site.port()));
        sameFailure(() -> jdk.bind(null), () -> ours.bind(null));
      }
      try (Fixtures.Site dead = Fixtures.site(Fixtures.blackhole(V4));
          SocketChannel jdk = Nio.jdk().openSocketChannel();
          SocketChannel ours = Nio.provider(dead).openSocketChannel()) {
        jdk.configureBlocking(false);
        ours.configureBlocking(false);
        assertFalse(jdk.connect(dead.address(0)));
        assertFalse(ours.connect(byName(dead.port())));
        sameFailure(() -> jdk.bind(null), () -> ours.bind(null));
      }
    }
  }

  /** The same body on a JDK channel and one of {@code provider}'s: the same exception, or none. */
  private static void sameOutcome(ChannelBody body, ByNameSelectorProvider provider, String what) throws Exception {
    try (SocketChannel jdk = Nio.jdk().openSocketChannel(); SocketChannel ours = provider.openSocketChannel()) {
      Throwable expected = thrown(() -> body.run(jdk));
      Throwable actual = thrown(() -> body.run(ours));
      assertNotNull(expected, what);
      assertEquals(expected.getClass(), actual == null ? null : actual.getClass(), what + ": " + actual);
      assertEquals(expected.getMessage(), actual.getMessage(), what);
      assertEquals(jdk.isOpen(), ours.isOpen(), what + ": open afterwards, as the JDK's");
    }
  }

  static void sameFailure(Executable jdk, Executable ours) {
    Throwable expected = thrown(jdk);
    Throwable actual = thrown(ours);
    assertNotNull(expected, "the JDK's throws");
    assertEquals(expected.getClass(), actual == null ? null : actual.getClass(), String.valueOf(actual));
    assertEquals(expected.getMessage(), actual.getMessage());
  }

  static Throwable thrown(Executable e) {
    try {
      e.execute();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  private interface ChannelBody {
    void run(SocketChannel ch) throws Exception;
  }

  @Test
  void optionsAndBindLeaveNoDescriptorOnceClosed() throws Exception {
    Map<Integer, String> before = Fixtures.fileDescriptors();
    ByNameSelectorProvider provider = Nio.provider(Nio.resolver(List.of(V4)), Nio.TIMEOUT);
    for (int i = 0; i < 20; i++) {
      SocketChannel ch = provider.openSocketChannel();
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.bind(new InetSocketAddress(V4, 0));
      ch.close();
    }
    Fixtures.assertNoDescriptorLeak(before, "after 20 channels with options and a bind, closed unconnected");
  }
}
