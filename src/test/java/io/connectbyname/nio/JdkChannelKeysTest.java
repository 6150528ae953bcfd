package io.connectbyname.nio;

import static io.connectbyname.Fixtures.V4;
import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.connectbyname.ByNameSelectorProvider;
import io.connectbyname.Fixtures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN §13: on the provider's selector, the key of one of the JDK's own channels names that
 * selector ({@code selector()}, {@code keyFor}) and otherwise behaves as the JDK's key, as servers
 * such as Jetty and Tomcat rely on; where {@code sun.nio.ch} is out of reach the JDK's own key is
 * handed back (see {@link SelectorKeysTest}). Nothing here may leave a descriptor open.
 */
@Timeout(60)
class JdkChannelKeysTest {
  private final ByNameSelectorProvider ours = Nio.provider(Nio.resolver(List.of(V4)), Nio.TIMEOUT);

  /** Whether the provider's selector wraps the JDK's keys: where {@code java.base} exports {@code sun.nio.ch} to it. */
  static boolean wrapsJdkKeys() {
    return Object.class.getModule().isExported("sun.nio.ch", ByNameSelectorProvider.class.getModule());
  }

  /** A connected pair: the JDK's client, and the channel {@code listener} accepted for it. */
  private static SocketChannel[] connected(ServerSocketChannel listener) throws IOException, InterruptedException {
    SocketChannel client = SocketChannel.open(listener.getLocalAddress());
    long start = System.nanoTime();
    SocketChannel accepted;
    while ((accepted = listener.accept()) == null) {
      assertTrue(Nio.millisSince(start) < 5000, "accepted in time");
      Thread.sleep(1);
    }
    return new SocketChannel[] {client, accepted};
  }

  private static ServerSocketChannel listener(SelectorProvider provider) throws IOException {
    ServerSocketChannel s = provider.openServerSocketChannel().bind(new InetSocketAddress(V4, 0));
    s.configureBlocking(false);
    return s;
  }

  @Test
  void theKeyOfEachKindOfJdkChannelNamesTheSelectorItWasRegisteredWith() throws Exception {
    assumeTrue(wrapsJdkKeys());
    try (Selector selector = ours.openSelector(); ServerSocketChannel server = listener(ours);
        DatagramChannel datagram = ours.openDatagramChannel()) {
      SocketChannel[] pair = connected(server);
      Pipe pipe = ours.openPipe();
      List<SelectableChannel> channels = List.of(server, pair[1], pipe.source(), pipe.sink(), datagram);
      List<SelectionKey> keys = new ArrayList<>();
      for (SelectableChannel ch : channels) {
        ch.configureBlocking(false);
        int ops = ch.validOps() & ~OP_WRITE;
        SelectionKey key = ch.register(selector, ops, ch);
        assertSame(selector, key.selector(), ch.toString());
        assertSame(ch, key.channel());
        assertSame(key, ch.keyFor(selector), ch + ": keyFor finds the key register returned");
        assertSame(key, ch.register(selector, ops, "again"), "registering again updates the same key");
        assertEquals("again", key.attachment());
        assertTrue(ch.isRegistered());
        keys.add(key);
      }
      assertEquals(Set.copyOf(keys), selector.keys());
      assertEquals(keys.size(), selector.keys().size());
      for (SelectableChannel ch : channels) {
        ch.close();
      }
      pair[0].close();
      selector.selectNow();
      assertEquals(Set.of(), selector.keys());
    }
  }

  /** The same steps on a JDK selector and on the provider's: their keys must answer alike. */
  @Test
  void interestReadinessAndAttachmentBehaveAsTheJdksKey() throws Exception {
    List<List<String>> traces = new ArrayList<>();
    for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
      List<String> trace = new ArrayList<>();
      try (Selector selector = provider.openSelector()) {
        Pipe pipe = provider.openPipe();
        pipe.source().configureBlocking(false);
        SelectionKey key = pipe.source().register(selector, 0, "a");
        pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
        trace.add("nothing of interest: " + selector.select(100));
        trace.add("old interest " + key.interestOpsOr(OP_READ) + ", now " + key.interestOps());
        trace.add("selected " + selector.select(5000) + " " + selector.selectedKeys().contains(key));
        trace.add("ready " + key.readyOps() + " readable " + key.isReadable());
        trace.add("attachment " + key.attach("b") + " then " + key.attachment());
        trace.add("left selected: " + selector.select(100));
        selector.selectedKeys().clear();
        trace.add("old interest " + key.interestOpsAnd(0) + ", now " + key.interestOps());
        trace.add("no more interest: " + selector.select(100) + " " + selector.selectedKeys());
        key.interestOps(OP_READ);
        trace.add("interest again: " + selector.selectNow());
        List<SelectionKey> acted = new ArrayList<>();
        selector.selectedKeys().clear();
        trace.add("with an action: " + selector.select(acted::add, 5000) + " " + acted.equals(List.of(key)));
        Throwable lacking = ChannelOptionsTest.thrown(() -> key.interestOps(OP_WRITE));
        trace.add("ops the channel lacks: " + lacking.getClass().getSimpleName() + " " + lacking.getMessage());
        traces.add(trace);
        pipe.sink().close();
        pipe.source().close();
      }
    }
    assertEquals(traces.get(0), traces.get(1));
  }

  @Test
  void selectWithAnActionHandsOverTheKeyRegisterReturned() throws Exception {
    try (Selector selector = ours.openSelector(); ServerSocketChannel server = listener(ours);
        SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
      SelectionKey key = server.register(selector, OP_ACCEPT, "server");
      List<SelectionKey> acted = new ArrayList<>();
      assertEquals(1, selector.select(acted::add, 5000));
      assertEquals(List.of(key), acted);
      if (wrapsJdkKeys()) {
        assertSame(selector, acted.get(0).selector());
      }
      assertEquals("server", acted.get(0).attachment());
      assertEquals(Set.of(), selector.selectedKeys());
      assertEquals(1, selector.select(5000));
      assertEquals(Set.of(key), selector.selectedKeys());
      assertSame(key, selector.selectedKeys().iterator().next());
      assertTrue(selector.selectedKeys().remove(key));
      assertEquals(Set.of(), selector.selectedKeys());
      server.accept().close();
    }
  }

  /**
   * Cancel, then block at once (the JDK's HTTP server), then register again before and after a
   * select, on a server channel and a pipe, beside the JDK's selector.
   */
  @Test
  void aCancelledKeyLetsTheChannelBlockAtOnceAndStaysUntilTheNextSelectAsTheJdks() throws Exception {
    List<List<String>> traces = new ArrayList<>();
    for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
      List<String> trace = new ArrayList<>();
      try (Selector selector = provider.openSelector(); ServerSocketChannel server = listener(provider)) {
        Pipe pipe = provider.openPipe();
        pipe.source().configureBlocking(false);
        for (SelectableChannel ch : List.of(server, pipe.source())) {
          int ops = ch.validOps();
          SelectionKey key = ch.register(selector, ops, "first");
          // Where the JDK's key is handed back, keyFor finds it by the JDK selector underneath.
          Selector named = wrapsJdkKeys() ? selector : key.selector();
          key.cancel();
          ch.configureBlocking(true); // must not throw IllegalBlockingModeException
          trace.add("blocking " + ch.isBlocking() + ", registered " + ch.isRegistered()
              + ", keyFor is the key " + (ch.keyFor(named) == key) + ", keys " + selector.keys().size());
          ch.configureBlocking(false);
          trace.add("again before a select: "
              + ChannelOptionsTest.thrown(() -> ch.register(selector, ops, "second")).getClass().getSimpleName()
              + ", attachment " + key.attachment());
          selector.selectNow();
          trace.add("after: registered " + ch.isRegistered() + ", keyFor " + ch.keyFor(named) + ", keys "
              + selector.keys().size());
          SelectionKey again = ch.register(selector, ops, "third");
          assertNotSame(key, again);
          trace.add("again after a select: valid " + again.isValid() + ", keyFor is it " + (ch.keyFor(named) == again)
              + ", " + again.attachment());
          again.cancel();
          selector.selectNow();
        }
        pipe.sink().close();
        pipe.source().close();
      }
      traces.add(trace);
    }
    assertEquals(traces.get(0), traces.get(1));
  }

  @Test
  void aClosedSelectorInvalidatesTheKeysAndFreesTheChannelsAsTheJdks() throws Exception {
    List<List<String>> traces = new ArrayList<>();
    for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
      List<String> trace = new ArrayList<>();
      Selector selector = provider.openSelector();
      try (ServerSocketChannel server = listener(provider)) {
        SelectionKey key = server.register(selector, OP_ACCEPT, "a");
        selector.close();
        trace.add("valid " + key.isValid() + ", registered " + server.isRegistered() + ", keyFor "
            + server.keyFor(selector) + ", attachment " + key.attachment());
        trace.add("interestOps: " + ChannelOptionsTest.thrown(key::interestOps).getClass().getSimpleName());
        server.configureBlocking(true);
        trace.add("blocking " + server.isBlocking());
      }
      traces.add(trace);
    }
    assertEquals(traces.get(0), traces.get(1));
  }

  /**
   * A registered server channel and an accepted channel closed from another thread while the
   * selector's thread is blocked in select: once the select returns, the JDK's selector has closed
   * their descriptors; so must the provider's, though the JDK selector underneath deregistered its
   * own key before the provider's selector deregistered the channel's key.
   */
  @Test
  void channelsClosedDuringABlockingSelectLeaveNoDescriptor() throws Exception {
    for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
      try (Selector selector = provider.openSelector(); ServerSocketChannel listener = listener(provider)) {
        listener.register(selector, OP_ACCEPT);
        Map<Integer, String> before = Fixtures.fileDescriptors();
        for (int i = 0; i < 40; i++) {
          SocketChannel[] pair = connected(listener);
          ServerSocketChannel server = listener(provider);
          pair[1].configureBlocking(false);
          SelectionKey accepted = pair[1].register(selector, OP_READ);
          SelectionKey serverKey = server.register(selector, OP_ACCEPT);
          CompletableFuture<Integer> selected = new CompletableFuture<>();
          Thread t = new Thread(() -> {
            try {
              selected.complete(selector.select());
            } catch (Throwable e) {
              selected.completeExceptionally(e);
            }
          });
          t.start();
          Fixtures.awaitBlocked(t, Duration.ofSeconds(5));
          pair[1].close();
          server.close();
          assertFalse(accepted.isValid());
          assertFalse(serverKey.isValid());
          selector.wakeup();
          selected.get(5, TimeUnit.SECONDS);
          t.join();
          pair[0].close();
        }
        Fixtures.assertNoDescriptorLeak(before, provider + ": after 40 channels closed during a select");
        assertEquals(1, selector.keys().size(), selector.keys().toString());
      }
    }
  }

  /** Channels closed while registered, then the selector closed with no select between. */
  @Test
  void channelsClosedWhileRegisteredAreFreedByTheSelectorsClose() throws Exception {
    for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
      Map<Integer, String> before = Fixtures.fileDescriptors();
      Selector selector = provider.openSelector();
      try (ServerSocketChannel listener = listener(provider)) {
        listener.register(selector, OP_ACCEPT);
        for (int i = 0; i < 10; i++) {
          SocketChannel[] pair = connected(listener);
          pair[1].configureBlocking(false);
          pair[1].register(selector, OP_READ);
          pair[1].close();
          pair[0].close();
        }
        selector.close();
      }
      Fixtures.assertNoDescriptorLeak(before, provider + ": after the selector closed");
    }
  }

  /** Closed, then selected once more, cancelled first: the descriptor goes at the next select. */
  @Test
  void aCancelledThenClosedChannelIsFreedByTheNextSelect() throws Exception {
    for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
      try (Selector selector = provider.openSelector()) {
        Map<Integer, String> before = Fixtures.fileDescriptors();
        for (int i = 0; i < 10; i++) {
          Pipe pipe = provider.openPipe();
          pipe.source().configureBlocking(false);
          SelectionKey key = pipe.source().register(selector, OP_READ);
          key.cancel();
          pipe.source().close();
          pipe.sink().close();
          assertThrows(CancelledKeyException.class, key::interestOps);
          selector.selectNow();
          assertNull(pipe.source().keyFor(selector));
        }
        Fixtures.assertNoDescriptorLeak(before, provider + ": after 10 pipes cancelled, closed and selected");
      }
    }
  }
}
