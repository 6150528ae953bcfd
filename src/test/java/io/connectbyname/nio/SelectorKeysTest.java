package io.connectbyname.nio;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static io.connectbyname.nio.Nio.byName;
import static io.connectbyname.nio.ChannelOptionsTest.sameFailure;
import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_CONNECT;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.ByNameSelectorProvider;
import io.connectbyname.Fixtures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN §13: the provider's selector gives the JDK's own channels the JDK's own keys, so servers
 * do not notice it, and gives by-name channels keys that behave as the JDK's.
 */
@Timeout(30)
class SelectorKeysTest {

  /** Selects until {@code key} is among the selected keys, then clears them. */
  private static void awaitSelected(Selector selector, SelectionKey key) throws IOException {
    long start = System.nanoTime();
    while (true) {
      selector.select(500);
      boolean found = selector.selectedKeys().contains(key);
      selector.selectedKeys().clear();
      if (found) {
        return;
      }
      assertTrue(Nio.millisSince(start) < 5000, "selected in time: " + key);
    }
  }

  /**
   * What the JDK's HTTP server does with each exchange: the accepted channel's key is cancelled and
   * the channel made blocking at once, with no select in between, then re-registered later.
   */
  @Test
  void aCancelledKeyLetsAJdkChannelBlockAtOnceAsOnTheJdksSelector() throws Exception {
    for (SelectorProvider provider : List.of(Nio.jdk(), Nio.provider(Nio.resolver(List.of(V4)), Nio.TIMEOUT))) {
      try (Selector selector = provider.openSelector();
          ServerSocketChannel server = provider.openServerSocketChannel().bind(new InetSocketAddress(V4, 0));
          SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
        server.configureBlocking(false);
        SelectionKey serverKey = server.register(selector, OP_ACCEPT);
        awaitSelected(selector, serverKey);
        SocketChannel accepted = server.accept();
        accepted.configureBlocking(false);
        SelectionKey key = accepted.register(selector, OP_READ, "exchange");
        client.write(ByteBuffer.wrap(new byte[] {1}));
        awaitSelected(selector, key);

        key.cancel();
        accepted.configureBlocking(true); // must not throw IllegalBlockingModeException
        ByteBuffer b = ByteBuffer.allocate(1);
        assertEquals(1, accepted.read(b), provider + ": a blocking read after the cancel");
        accepted.configureBlocking(false);
        assertThrows(CancelledKeyException.class, () -> accepted.register(selector, OP_READ),
            provider + ": re-registered before a select: the cancelled key is still there, as the JDK says");
        selector.selectNow();
        SelectionKey again = accepted.register(selector, OP_READ, "again");
        assertNotSame(key, again);
        assertTrue(again.isValid());
        assertEquals("again", again.attachment());
        client.write(ByteBuffer.wrap(new byte[] {2}));
        awaitSelected(selector, again);

        serverKey.cancel();
        server.configureBlocking(true); // the server channel too
        assertTrue(server.isBlocking());
        accepted.close();
      }
    }
  }

  @Test
  void aCancelledKeyLetsAByNameChannelBlockAtOnceAndReRegisterAfterASelect() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
        try (Selector selector = provider.openSelector(); SocketChannel ch = provider.openSocketChannel()) {
          ch.configureBlocking(false);
          SelectionKey key = ch.register(selector, OP_CONNECT);
          if (!ch.connect(provider == ours ? byName(site.port()) : site.address(1))) {
            awaitSelected(selector, key);
            assertTrue(ch.finishConnect());
          }
          key.interestOps(OP_WRITE);
          awaitSelected(selector, key);

          key.cancel();
          assertFalse(key.isValid());
          ch.configureBlocking(true);
          Nio.assertEchoes(ch, "blocking after cancel");
          ch.configureBlocking(false);
          assertThrows(CancelledKeyException.class, () -> ch.register(selector, OP_READ), provider.toString());
          selector.selectNow();
          SelectionKey again = ch.register(selector, OP_WRITE, "again");
          assertNotSame(key, again);
          assertSame(again, ch.keyFor(selector));
          awaitSelected(selector, again);
          assertThrows(java.nio.channels.IllegalBlockingModeException.class, () -> ch.configureBlocking(true),
              provider + ": a channel with a valid key cannot block");
        }
      }
    }
  }

  @Test
  void keysOfByNameChannelsBehaveAsTheJdksKeys() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      List<SelectionKey> keys = new ArrayList<>();
      List<Selector> selectors = new ArrayList<>();
      for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
        Selector selector = provider.openSelector();
        selectors.add(selector);
        SocketChannel ch = provider.openSocketChannel();
        ch.configureBlocking(false);
        SelectionKey k = ch.register(selector, OP_READ, "first");
        assertSame(k, ch.register(selector, OP_WRITE, "second"), provider + ": registering again updates the key");
        assertEquals(OP_WRITE, k.interestOps());
        assertEquals("second", k.attachment());
        assertEquals("second", k.attach("third"));
        assertEquals(0, k.readyOps());
        assertEquals(OP_WRITE, k.interestOpsOr(OP_READ));
        assertEquals(OP_READ | OP_WRITE, k.interestOpsAnd(~OP_WRITE));
        assertEquals(OP_READ, k.interestOps());
        assertEquals(ch.validOps(), OP_READ | OP_WRITE | OP_CONNECT);
        assertTrue(ch.isRegistered());
        assertSame(selector, k.selector());
        keys.add(k);
      }
      SelectionKey jdk = keys.get(0);
      SelectionKey byName = keys.get(1);
      sameFailure(() -> jdk.interestOps(OP_ACCEPT), () -> byName.interestOps(OP_ACCEPT));
      sameFailure(() -> jdk.channel().register(jdk.selector(), OP_ACCEPT),
          () -> byName.channel().register(byName.selector(), OP_ACCEPT));
      jdk.cancel();
      byName.cancel();
      jdk.cancel(); // idempotent
      byName.cancel();
      sameFailure(jdk::interestOps, byName::interestOps);
      sameFailure(jdk::readyOps, byName::readyOps);
      sameFailure(() -> jdk.interestOps(OP_READ), () -> byName.interestOps(OP_READ));
      sameFailure(jdk::isReadable, byName::isReadable);
      assertEquals("third", byName.attachment(), "the attachment outlives the cancel");
      assertEquals(jdk.selector().keys().size(), byName.selector().keys().size(), "cancelled keys stay until a select");
      for (Selector s : selectors) {
        s.selectNow();
        assertTrue(s.keys().isEmpty(), s.keys().toString());
        s.close();
      }
      for (SelectionKey k : keys) {
        assertFalse(k.channel().isRegistered());
        k.channel().close();
      }
    }
  }

  @Test
  void theKeySetsHoldKeysOfBothKindsAndNeverTheAttemptsBehind() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4))) {
      ByNameSelectorProvider provider = Nio.provider(site);
      try (Selector selector = provider.openSelector();
          ServerSocketChannel server = provider.openServerSocketChannel().bind(new InetSocketAddress(V4, 0));
          SocketChannel racing = provider.openSocketChannel();
          SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
        Pipe pipe = provider.openPipe();
        server.configureBlocking(false);
        racing.configureBlocking(false);
        pipe.source().configureBlocking(false);
        SelectionKey serverKey = server.register(selector, OP_ACCEPT);
        SelectionKey pipeKey = pipe.source().register(selector, OP_READ);
        assertFalse(racing.connect(byName(site.port())));
        SelectionKey racingKey = racing.register(selector, OP_CONNECT);
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        selector.select(400); // past the attempt delay: two attempts are registered underneath
        Set<SelectionKey> all = Set.of(serverKey, pipeKey, racingKey);
        assertEquals(all, new HashSet<>(selector.keys()));
        assertEquals(3, selector.keys().size());
        int n = 0;
        for (SelectionKey k : selector.keys()) {
          n++;
          assertTrue(all.contains(k), k.toString());
        }
        assertEquals(3, n);
        assertEquals(Set.of(serverKey, pipeKey), selector.selectedKeys(), "ready: the JDK's channels, not the racing one");
        assertThrows(UnsupportedOperationException.class, () -> selector.keys().remove(serverKey));
        assertThrows(UnsupportedOperationException.class, () -> selector.keys().clear());
        assertThrows(UnsupportedOperationException.class, () -> selector.selectedKeys().add(racingKey));
        assertTrue(selector.selectedKeys().remove(pipeKey));
        assertFalse(selector.selectedKeys().contains(pipeKey));
        assertTrue(selector.keys().contains(pipeKey));
        assertTrue(selector.keys().contains(racingKey));
        pipe.sink().close();
        pipe.source().close();
      }
    }
  }

  @Test
  void selectWithAnActionReportsKeysOfBothKindsOnce() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4))) {
      ByNameSelectorProvider provider = Nio.provider(site);
      try (Selector selector = provider.openSelector();
          ServerSocketChannel server = provider.openServerSocketChannel().bind(new InetSocketAddress(V4, 0));
          SocketChannel byName = provider.openSocketChannel();
          SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
        server.configureBlocking(false);
        byName.configureBlocking(false);
        SelectionKey serverKey = server.register(selector, OP_ACCEPT);
        SelectionKey byNameKey = byName.register(selector, OP_CONNECT);
        if (!byName.connect(byName(site.port()))) {
          awaitSelected(selector, byNameKey);
          assertTrue(byName.finishConnect());
        }
        byNameKey.interestOps(OP_WRITE);
        List<SelectionKey> seen = new ArrayList<>();
        int n = selector.select(seen::add);
        long start = System.nanoTime();
        while (seen.size() < 2 && Nio.millisSince(start) < 5000) {
          n += selector.select(seen::add, 500);
        }
        assertEquals(Set.of(serverKey, byNameKey), new HashSet<>(seen));
        assertEquals(seen.size(), n, "the count is the keys acted on");
        assertEquals(2, seen.size(), "each once");
        assertTrue(selector.selectedKeys().isEmpty(), "the action variants leave the selected set empty");
        seen.clear();
        assertEquals(2, selector.selectNow(seen::add), "both are still ready");
        assertEquals(Set.of(serverKey, byNameKey), new HashSet<>(seen));
        seen.clear();
        byNameKey.interestOps(0);
        serverKey.interestOps(0);
        assertEquals(0, selector.select(seen::add, 100));
        assertEquals(List.of(), seen);
      }
    }
  }

  @Test
  void aClosedSelectorRefusesAsTheJdksDoesAndLeavesItsChannelsOpen() throws Exception {
    ByNameSelectorProvider ours = Nio.provider(Nio.resolver(List.of(V4)), Nio.TIMEOUT);
    List<Selector> closed = new ArrayList<>();
    for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
      Selector selector = provider.openSelector();
      List<SelectableChannel> channels = List.of(provider.openSocketChannel(), provider.openServerSocketChannel());
      List<SelectionKey> keys = new ArrayList<>();
      for (SelectableChannel ch : channels) {
        ch.configureBlocking(false);
        keys.add(ch.register(selector, 0));
      }
      selector.close();
      selector.close(); // idempotent
      assertFalse(selector.isOpen());
      for (SelectionKey k : keys) {
        assertFalse(k.isValid(), provider + ": " + k);
      }
      for (SelectableChannel ch : channels) {
        assertTrue(ch.isOpen());
        assertFalse(ch.isRegistered(), provider + ": " + ch);
        ch.configureBlocking(true);
        ch.close();
      }
      closed.add(selector);
    }
    Selector jdk = closed.get(0);
    Selector byName = closed.get(1);
    sameFailure(jdk::select, byName::select);
    sameFailure(jdk::selectNow, byName::selectNow);
    sameFailure(() -> jdk.select(10), () -> byName.select(10));
    sameFailure(jdk::keys, byName::keys);
    sameFailure(jdk::selectedKeys, byName::selectedKeys);
    sameFailure(() -> jdk.select(k -> { }), () -> byName.select(k -> { }));
    assertSame(jdk, jdk.wakeup());
    assertSame(byName, byName.wakeup());
    try (Selector open = ours.openSelector(); Selector jdkOpen = Nio.jdk().openSelector()) {
      sameFailure(() -> jdkOpen.select(-1), () -> open.select(-1));
    }
  }

  @Test
  void aJdkChannelsKeyIsTheJdksOwnUnderneathWhereTheJdksInternalsAreOutOfReach() throws Exception {
    // Documented: where sun.nio.ch is out of reach (JdkChannelKeysTest where it is not), a JDK
    // channel registered on the provider's selector gets the JDK selector's own key underneath.
    // What that cannot hide: the key's selector() is the JDK selector, and the channel's
    // keyFor(ourSelector) is null. Registering again still finds and updates the same key.
    org.junit.jupiter.api.Assumptions.assumeFalse(JdkChannelKeysTest.wrapsJdkKeys());
    ByNameSelectorProvider provider = Nio.provider(Nio.resolver(List.of(V4)), Nio.TIMEOUT);
    try (Selector selector = provider.openSelector(); ServerSocketChannel server = provider.openServerSocketChannel()) {
      server.configureBlocking(false);
      SelectionKey key = server.register(selector, OP_ACCEPT, "a");
      assertNotSame(selector, key.selector());
      assertNull(server.keyFor(selector));
      assertSame(key, server.keyFor(key.selector()));
      assertSame(key, server.register(selector, 0, "b"), "registering again updates the same key, as the JDK's");
      assertEquals(0, key.interestOps());
      assertEquals("b", key.attachment());
      assertEquals(Set.of(key), selector.keys());
    }
  }

  @Test
  void aReadyKeyLeftInTheSelectedSetEndsTheNextSelectWithZeroAsTheJdks() throws Exception {
    ByNameSelectorProvider ours = Nio.provider(Nio.resolver(List.of(V4)), Nio.TIMEOUT);
    for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
      try (Selector selector = provider.openSelector()) {
        Pipe pipe = provider.openPipe();
        pipe.source().configureBlocking(false);
        SelectionKey key = pipe.source().register(selector, OP_READ);
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        assertEquals(1, selector.select(5000));
        assertEquals(Set.of(key), selector.selectedKeys());
        // Not cleared, still ready: the JDK's select finds no key to update and returns 0 at once.
        java.util.concurrent.CompletableFuture<Integer> again = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            return selector.select();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        try {
          assertEquals(0, again.get(2, java.util.concurrent.TimeUnit.SECONDS), provider.toString());
        } finally {
          selector.wakeup();
          pipe.sink().close();
          pipe.source().close();
        }
      }
    }
  }

  @Test
  void aWakeupOfTheSelectorUnderAJdkKeyEndsTheSelectAsTheJdks() throws Exception {
    ByNameSelectorProvider ours = Nio.provider(Nio.resolver(List.of(V4)), Nio.TIMEOUT);
    for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
      try (Selector selector = provider.openSelector();
          ServerSocketChannel server = provider.openServerSocketChannel().bind(new InetSocketAddress(V4, 0))) {
        server.configureBlocking(false);
        SelectionKey key = server.register(selector, OP_ACCEPT);
        java.util.concurrent.CompletableFuture<Integer> selected = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
          try {
            selected.complete(selector.select());
          } catch (Throwable e) {
            selected.completeExceptionally(e);
          }
        });
        t.start();
        Fixtures.awaitBlocked(t, java.time.Duration.ofSeconds(5));
        key.selector().wakeup(); // as a server that wakes its loop through a key it holds
        try {
          assertEquals(0, selected.get(2, java.util.concurrent.TimeUnit.SECONDS), provider.toString());
        } finally {
          selector.wakeup();
        }
      }
    }
  }

  @Test
  void aWakeupBeforeSelectAndAnInterruptedThreadEndTheNextSelectAsTheJdks() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
        try (Selector selector = provider.openSelector(); SocketChannel ch = provider.openSocketChannel()) {
          ch.configureBlocking(false);
          assertFalse(ch.connect(provider == ours ? byName(site.port()) : site.address(1)));
          ch.register(selector, OP_CONNECT); // a race in flight: the select has events of its own
          selector.wakeup();
          long start = System.nanoTime();
          assertEquals(0, selector.select());
          assertTrue(Nio.millisSince(start) < 1000, provider + ": a wakeup before select ends it at once");
          start = System.nanoTime();
          assertEquals(0, selector.select(300));
          assertTrue(Nio.millisSince(start) >= 250, provider + ": the wakeup was used up");
          selector.wakeup();
          assertEquals(0, selector.selectNow());
          start = System.nanoTime();
          assertEquals(0, selector.select(300));
          assertTrue(Nio.millisSince(start) >= 250, provider + ": selectNow uses up a wakeup too");
          Thread.currentThread().interrupt();
          try {
            start = System.nanoTime();
            assertEquals(0, selector.select());
            assertTrue(Nio.millisSince(start) < 1000, provider + ": an interrupted thread's select returns at once");
          } finally {
            assertTrue(Thread.interrupted(), provider + ": and keeps the status");
          }
          assertTrue(ch.isOpen(), provider + ": the interrupt closed nothing");
          assertTrue(ch.isConnectionPending());
        }
      }
    }
  }

  @Test
  void aByNameChannelRegistersOnlyWithTheProvidersSelectorsAsAChannelOfAnotherProvider() throws Exception {
    ByNameSelectorProvider ours = Nio.provider(Nio.resolver(List.of(V4)), Nio.TIMEOUT);
    try (Selector jdkSelector = Nio.jdk().openSelector(); SocketChannel ch = ours.openSocketChannel()) {
      ch.configureBlocking(false);
      assertThrows(java.nio.channels.IllegalSelectorException.class, () -> ch.register(jdkSelector, OP_CONNECT));
      assertFalse(ch.isRegistered());
      assertSame(ours, ch.provider());
    }
  }
  @Test
  void registeringOnAClosedSelectorThrowsClosedSelectorExceptionAsOnTheJdks() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
        Selector selector = provider.openSelector();
        selector.close();
        try (SocketChannel ch = provider.openSocketChannel();
            ServerSocketChannel server = provider.openServerSocketChannel()) {
          ch.configureBlocking(false);
          server.configureBlocking(false);
          assertThrows(ClosedSelectorException.class, () -> ch.register(selector, OP_CONNECT), provider.toString());
          assertThrows(ClosedSelectorException.class, () -> server.register(selector, OP_ACCEPT), provider.toString());
          assertFalse(ch.isRegistered(), provider.toString());
          ch.configureBlocking(true); // no key holds it non-blocking
        }
      }
    }
  }

  /**
   * A register racing the selector's close: a key is either refused or cancelled by the close, never
   * left valid. Ours alone: the JDK 17's own selector may throw NullPointerException from its close
   * then (AbstractSelectableChannel.removeKey of a channel with no key yet).
   */
  @Test
  void aRegisterRacingTheSelectorsCloseLeavesNoValidKey() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      for (SelectorProvider provider : List.of(ours)) {
        for (int i = 0; i < 300; i++) {
          Selector selector = provider.openSelector();
          try (SocketChannel ch = provider.openSocketChannel()) {
            ch.configureBlocking(false);
            CompletableFuture<Object> registered = new CompletableFuture<>();
            Thread t = new Thread(() -> {
              try {
                registered.complete(ch.register(selector, OP_CONNECT));
              } catch (Throwable e) {
                registered.complete(e);
              }
            });
            t.start();
            java.util.concurrent.locks.LockSupport.parkNanos(i % 20 * 10_000L);
            selector.close();
            Object r = registered.get(5, TimeUnit.SECONDS);
            if (r instanceof SelectionKey k) {
              assertFalse(k.isValid(), provider + ": a key registered before the close is cancelled by it");
            } else {
              assertEquals(ClosedSelectorException.class, r.getClass(), provider + ": " + r);
            }
            ch.configureBlocking(true); // no valid key left to keep it non-blocking
          }
        }
      }
    }
  }
}
