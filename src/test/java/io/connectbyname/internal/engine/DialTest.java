package io.connectbyname.internal.engine;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static io.connectbyname.Fixtures.blackhole;
import static io.connectbyname.Fixtures.live;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.Attempt;
import io.connectbyname.Fixtures;
import io.connectbyname.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Dial} on real loopback sockets: abort from another thread, and the per-attempt setup. */
@Timeout(20)
class DialTest {
  private static final String NAME = "he.test";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Aborting (what closing the socket does) ends a connect blocked on a race or on one address at once. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {NAME, "127.0.0.1"})
  void abortFromAnotherThreadEndsTheConnectWithTheReason(String node) throws Exception {
    try (Fixtures.Site site = Fixtures.site(blackhole(V4), blackhole(V6))) {
      Dial<SocketChannel> dial = Dial.ofChannels(settings(site), ChannelSource.PLAIN);
      Map<Integer, String> before = Fixtures.fileDescriptors();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicReference<Long> endedAt = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try {
          dial.connect(Endpoint.of(node, null, site.port()), TIMEOUT).connected().close();
        } catch (Throwable e) {
          thrown.set(e);
        }
        endedAt.set(System.nanoTime());
      }, "dialing");
      t.start();
      Fixtures.awaitBlocked(t, Duration.ofSeconds(3));

      SocketException reason = new SocketException("Socket closed");
      long abortedAt = System.nanoTime();
      dial.abort(() -> reason);
      t.join(TIMEOUT.toMillis());

      assertFalse(t.isAlive());
      assertSame(reason, thrown.get());
      Duration reaction = Duration.ofNanos(endedAt.get() - abortedAt);
      assertTrue(reaction.compareTo(Duration.ofSeconds(1)) < 0, "ended " + reaction + " after the abort");
      assertNoLeak(before);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {NAME, "127.0.0.1"})
  void abortBeforeConnectConnectsNothing(String node) throws Exception {
    try (Fixtures.Site site = Fixtures.site(live(V4), live(V6))) {
      Dial<SocketChannel> dial = Dial.ofChannels(settings(site), ChannelSource.PLAIN);
      SocketException reason = new SocketException("Socket closed");
      dial.abort(() -> reason);
      Map<Integer, String> before = Fixtures.fileDescriptors();

      assertSame(reason, assertThrows(IOException.class, () -> dial.connect(Endpoint.of(node, null, site.port()), TIMEOUT)));
      assertNoLeak(before);
      assertEquals(0, ((Fixtures.Server) site.listener(0)).finished() + ((Fixtures.Server) site.listener(1)).finished());
    }
  }

  @Test
  void setupIsAppliedToEveryAttemptAndHoldsOnTheWinner() throws Exception {
    try (Fixtures.Site site = Fixtures.site(blackhole(V6), live(V4))) {
      List<SocketChannel> seen = Collections.synchronizedList(new ArrayList<>());
      ChannelSource source = remote -> {
        SocketChannel channel = Channels.open();
        seen.add(channel);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        return channel;
      };
      Dial<SocketChannel> dial = Dial.ofChannels(settings(site), source);
      try (SocketChannel c = dial.connect(Endpoint.of(NAME, null, site.port()), TIMEOUT).connected()) {
        assertEquals(2, seen.size(), "one channel per attempt");
        assertTrue(c.getOption(StandardSocketOptions.TCP_NODELAY));
        assertTrue(c.getOption(StandardSocketOptions.SO_KEEPALIVE));
        assertSame(seen.get(1), c, "the winner is the second attempt's own channel");
      }
    }
  }

  @Test
  void setupThatBindsIsHonouredPerAttempt() throws Exception {
    InetAddress local = Fixtures.v4(7);
    try (Fixtures.Site site = Fixtures.site(blackhole(V4), live(Fixtures.v4(2)))) {
      Dial<SocketChannel> dial = Dial.ofChannels(settings(site), bindingTo(local));
      Dialed<SocketChannel> c = dial.connect(Endpoint.of(NAME, null, site.port()), TIMEOUT);
      try (SocketChannel channel = c.connected()) {
        assertEquals(local, c.local().getAddress());
        assertEquals(Fixtures.v4(2), c.remote().getAddress());
      }
    }
  }

  @Test
  void boundSocketTriesOnlyItsOwnFamily() throws Exception {
    try (Fixtures.Site site = Fixtures.site(live(V6), live(V4))) {
      ChannelSource boundToV4 = bindingTo(V4);
      Dial<SocketChannel> dial = Dial.ofChannels(settings(site), boundToV4);
      Dialed<SocketChannel> c = dial.connect(Endpoint.of(NAME, null, site.port()), TIMEOUT);
      try (SocketChannel channel = c.connected()) {
        assertEquals(List.of(V4), c.attempts().stream().map(a -> a.address().getAddress()).collect(Collectors.toList()));
      }

      Dial<SocketChannel> v6Only = Dial.ofChannels(settings(site).withFamily(Settings.Family.IPV6), boundToV4);
      UnknownHostException e = assertThrows(UnknownHostException.class,
          () -> v6Only.connect(Endpoint.of(NAME, null, site.port()), TIMEOUT));
      assertTrue(e.getMessage().contains("127.0.0.1") && e.getMessage().contains("ipv6"), e.getMessage());
    }
  }

  @Test
  void attemptOffsetsAreFromTheStartOfTheRace() throws Exception {
    try (Fixtures.Site site = Fixtures.site(blackhole(V6), live(V4))) {
      Dial<SocketChannel> dial = Dial.ofChannels(settings(site), ChannelSource.PLAIN);
      Dialed<SocketChannel> c = dial.connect(Endpoint.of(NAME, null, site.port()), TIMEOUT);
      try (SocketChannel channel = c.connected()) {
        Attempt first = c.attempts().get(0);
        Attempt second = c.attempts().get(1);
        assertTrue(first.start().compareTo(Duration.ofMillis(100)) < 0, c.attempts().toString());
        assertTrue(second.start().minus(first.start()).compareTo(Settings.DEFAULT_ATTEMPT_DELAY) >= 0,
            c.attempts().toString());
        assertTrue(c.elapsed().compareTo(second.start().plus(second.duration())) >= 0,
            c.elapsed() + " " + c.attempts());
      }
    }
  }

  /** A source that binds every attempt's channel to {@code local}, port 0, as a bound socket does. */
  private static ChannelSource bindingTo(InetAddress local) {
    return new ChannelSource() {
      @Override
      public SocketChannel open(InetSocketAddress remote) throws IOException {
        SocketChannel channel = Channels.open();
        channel.bind(new InetSocketAddress(local, 0));
        return channel;
      }

      @Override
      public InetAddress boundAddress() {
        return local;
      }
    };
  }

  private static Settings settings(Fixtures.Site site) {
    return Settings.defaults().withResolver(Fixtures.resolver(Map.of(NAME, site.addresses())));
  }

  private static void assertNoLeak(Map<Integer, String> before) {
    Fixtures.assertNoDescriptorLeak(before, "after the aborted connect");
  }
}
