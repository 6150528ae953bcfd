package io.connectbyname.nio;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static io.connectbyname.nio.Nio.NAME;
import static io.connectbyname.nio.Nio.byName;
import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_CONNECT;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.ByNameSelectorProvider;
import io.connectbyname.Fixtures;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN §13: a non-blocking connect by name races inside the provider's {@code select()}, on the
 * caller's thread; {@code OP_CONNECT} is ready once the race is decided, so that {@code finishConnect}
 * then returns true or throws, as a JDK channel's does once its connect ended.
 */
@Timeout(30)
class NonBlockingConnectTest {

  @Test
  void opConnectIsReadyOnlyOnceTheRaceIsDecidedAndFinishConnectIsThenTrue() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      ByNameSelectorProvider provider = new ByNameSelectorProvider(
          Nio.settings(Nio.resolver(site.addresses())).withAttemptDelay(Duration.ofMillis(700)));
      try (Selector selector = provider.openSelector(); SocketChannel ch = provider.openSocketChannel()) {
        ch.configureBlocking(false);
        long start = System.nanoTime();
        assertFalse(ch.connect(byName(site.port())), "the first address is dead: the connect is pending");
        assertTrue(ch.isConnectionPending());
        assertFalse(ch.isConnected());
        SelectionKey key = ch.register(selector, OP_CONNECT, "att");
        assertSame(selector, key.selector());
        assertSame(ch, key.channel());
        assertSame(key, ch.keyFor(selector));

        assertEquals(0, selector.select(100), "nothing is decided within the attempt delay");
        assertTrue(selector.selectedKeys().isEmpty());
        assertFalse(ch.finishConnect(), "undecided: finishConnect is false, as the JDK's while connecting");

        while (selector.select(1000) == 0) {
          assertTrue(Nio.millisSince(start) < 5000, "decided in time");
        }
        long millis = Nio.millisSince(start);
        assertTrue(millis >= 600, "the live address was started after the attempt delay: " + millis + " ms");
        assertTrue(millis < 3000, "and connected at once then: " + millis + " ms");
        assertEquals(java.util.Set.of(key), selector.selectedKeys());
        assertEquals(OP_CONNECT, key.readyOps());
        assertTrue(key.isConnectable());
        assertEquals("att", key.attachment());
        assertTrue(ch.finishConnect(), "OP_CONNECT was ready: the first finishConnect is true");
        assertTrue(ch.isConnected());
        assertEquals(V4, ((InetSocketAddress) ch.getRemoteAddress()).getAddress());
        selector.selectedKeys().clear();

        exchange(selector, key, ch, "ping");
      }
    }
  }

  @Test
  void theJdksChannelAndOursGoThroughTheSameSelectorLoop() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
        for (InetSocketAddress to : List.of(site.address(0), byName(site.port()))) {
          if (provider == Nio.jdk() && to.isUnresolved()) {
            continue; // the JDK's channel cannot connect by name
          }
          try (Selector selector = provider.openSelector(); SocketChannel ch = provider.openSocketChannel()) {
            ch.configureBlocking(false);
            SelectionKey key = ch.register(selector, 0); // as Netty: registered before the connect
            if (!ch.connect(to)) {
              key.interestOps(OP_CONNECT);
              while (selector.select(1000) == 0) {
                // until connectable
              }
              assertTrue(key.isConnectable(), provider + " " + to);
              selector.selectedKeys().clear();
              assertTrue(ch.finishConnect(), provider + " " + to);
            }
            assertTrue(ch.isConnected());
            exchange(selector, key, ch, "via " + provider.getClass().getSimpleName() + " to " + to);
          }
        }
      }
    }
  }

  /** Writes {@code text} when OP_WRITE is ready and reads it back when OP_READ is, through {@code selector}. */
  private static void exchange(Selector selector, SelectionKey key, SocketChannel ch, String text) throws IOException {
    key.interestOps(OP_WRITE);
    assertEquals(1, selector.select(5000), "writable");
    assertTrue(key.isWritable());
    assertFalse(key.isConnectable(), "OP_CONNECT is not ready once connected");
    selector.selectedKeys().clear();
    ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    while (out.hasRemaining()) {
      ch.write(out);
    }
    key.interestOps(OP_READ);
    ByteBuffer in = ByteBuffer.allocate(text.length());
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (in.hasRemaining() && System.nanoTime() - end < 0) {
      if (selector.select(1000) > 0) {
        assertTrue(key.isReadable());
        assertEquals(OP_READ, key.readyOps());
        selector.selectedKeys().clear();
        assertTrue(ch.read(in) >= 0);
      }
    }
    assertEquals(text, new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));
  }

  @Test
  void aNettyLikeEventLoopServesAndConnectsByNameOnOneSelector() throws Exception {
    ByNameSelectorProvider provider;
    try (ServerSocketChannel server = Nio.jdk().openServerSocketChannel().bind(new InetSocketAddress(V4, 0));
        Fixtures.Listener dead = Fixtures.blackhole(V6).open(((InetSocketAddress) server.getLocalAddress()).getPort())) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      provider = Nio.provider(Nio.resolver(List.of(V6, V4)), Nio.TIMEOUT);
      try (Selector selector = provider.openSelector();
          ServerSocketChannel listening = provider.openServerSocketChannel();
          SocketChannel client = provider.openSocketChannel()) {
        server.close(); // its port, now held by the event loop's own server channel
        listening.bind(new InetSocketAddress(V4, port));
        listening.configureBlocking(false);
        SelectionKey serverKey = listening.register(selector, OP_ACCEPT);
        client.configureBlocking(false);
        SelectionKey clientKey = client.register(selector, 0, "client");
        long start = System.nanoTime();
        if (!client.connect(byName(port))) {
          clientKey.interestOps(OP_CONNECT);
        }
        String text = "through one event loop";
        ByteBuffer toSend = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer received = ByteBuffer.allocate(text.length());
        boolean accepted = false;
        while (received.hasRemaining()) {
          assertTrue(Nio.millisSince(start) < 5000, "the loop got through in time");
          selector.select(1000);
          Iterator<SelectionKey> it = selector.selectedKeys().iterator();
          while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            int ready = k.readyOps();
            if ((ready & OP_ACCEPT) != 0) {
              assertSame(serverKey, k);
              SocketChannel peer = listening.accept();
              peer.configureBlocking(false);
              peer.register(selector, OP_READ, "peer");
              accepted = true;
            }
            if ((ready & OP_CONNECT) != 0) {
              assertSame(clientKey, k);
              k.interestOps(k.interestOps() & ~OP_CONNECT);
              assertTrue(client.finishConnect());
              k.interestOps(OP_WRITE | OP_READ);
            }
            if ((ready & OP_WRITE) != 0 && k == clientKey) {
              client.write(toSend);
              if (!toSend.hasRemaining()) {
                k.interestOps(OP_READ);
              }
            }
            if ((ready & OP_READ) != 0 && "peer".equals(k.attachment())) {
              ByteBuffer b = ByteBuffer.allocate(256);
              SocketChannel peer = (SocketChannel) k.channel();
              if (peer.read(b) < 0) {
                k.cancel();
                peer.close();
              } else {
                b.flip();
                peer.write(b); // echo
              }
            }
            if ((ready & OP_READ) != 0 && k == clientKey) {
              assertTrue(client.read(received) >= 0);
            }
          }
        }
        assertTrue(accepted);
        assertEquals(text, new String(received.array(), StandardCharsets.US_ASCII));
        assertEquals(V4, ((InetSocketAddress) client.getRemoteAddress()).getAddress(), "past the dead ::1");
      }
    }
  }

  @Test
  void anHttpClientLikeSelectorThreadTakesRegistrationsFromOtherThreads() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      ByNameSelectorProvider provider = Nio.provider(site);
      Queue<Runnable> registrations = new ConcurrentLinkedQueue<>();
      CompletableFuture<SocketChannel> connected = new CompletableFuture<>();
      CompletableFuture<String> read = new CompletableFuture<>();
      try (Selector selector = provider.openSelector(); SocketChannel ch = provider.openSocketChannel()) {
        Thread loop = new Thread(() -> {
          ByteBuffer in = ByteBuffer.allocate(4);
          try {
            while (!read.isDone()) {
              int n = registrations.isEmpty() ? selector.select(1000) : selector.selectNow();
              for (Runnable r; (r = registrations.poll()) != null; ) {
                r.run();
              }
              if (n == 0) {
                continue;
              }
              for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey k = it.next();
                it.remove();
                SocketChannel c = (SocketChannel) k.channel();
                if (k.isConnectable()) {
                  if (c.finishConnect()) {
                    k.interestOps(0);
                    connected.complete(c);
                  }
                } else if (k.isReadable()) {
                  c.read(in);
                  if (!in.hasRemaining()) {
                    read.complete(new String(in.array(), StandardCharsets.US_ASCII));
                  }
                }
              }
            }
          } catch (Throwable e) {
            connected.completeExceptionally(e);
            read.completeExceptionally(e);
          }
        }, "selector-manager");
        loop.setDaemon(true);
        loop.start();

        ch.configureBlocking(false);
        long start = System.nanoTime();
        assertFalse(ch.connect(byName(site.port())));
        registrations.add(() -> {
          try {
            ch.register(selector, OP_CONNECT);
          } catch (IOException e) {
            connected.completeExceptionally(e);
          }
        });
        selector.wakeup();
        assertSame(ch, connected.get(5, TimeUnit.SECONDS));
        long millis = Nio.millisSince(start);
        assertTrue(millis < 2000, "connected past the dead address in " + millis + " ms");

        ch.write(ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII)));
        registrations.add(() -> ch.keyFor(selector).interestOps(OP_READ));
        selector.wakeup();
        assertEquals("pong", read.get(5, TimeUnit.SECONDS));
        loop.join(5000);
        assertFalse(loop.isAlive());
      }
    }
  }

  @Test
  void aWakeupFromAnotherThreadEndsASelectDuringARaceAndTheRaceGoesOn() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
        try (Selector selector = provider.openSelector(); SocketChannel ch = provider.openSocketChannel()) {
          ch.configureBlocking(false);
          assertFalse(ch.connect(provider == ours ? byName(site.port()) : site.address(1)));
          SelectionKey key = ch.register(selector, OP_CONNECT);
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
          Thread.sleep(300); // past the attempt delay: the race has started its second attempt inside select
          assertFalse(selected.isDone(), provider + ": select waits while nothing is decided");
          long start = System.nanoTime();
          selector.wakeup();
          assertEquals(0, selected.get(5, TimeUnit.SECONDS), provider.toString());
          assertTrue(Nio.millisSince(start) < 1000, "the wakeup ended the select at once");
          assertTrue(key.isValid());
          assertTrue(ch.isConnectionPending(), provider + ": the connect goes on");
          assertFalse(ch.finishConnect());
          assertEquals(0, selector.selectNow());
        }
      }
    }
  }

  @Test
  void aTimedSelectDuringARaceWaitsItsWholeTimeout() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
        try (Selector selector = provider.openSelector(); SocketChannel ch = provider.openSocketChannel()) {
          ch.configureBlocking(false);
          assertFalse(ch.connect(provider == ours ? byName(site.port()) : site.address(1)));
          ch.register(selector, OP_CONNECT);
          long start = System.nanoTime();
          assertEquals(0, selector.select(600), provider.toString());
          long millis = Nio.millisSince(start);
          assertTrue(millis >= 550, provider + ": the race's own events (the next attempt at 250 ms) do not end"
              + " the select early: " + millis + " ms");
          assertEquals(0, selector.selectNow());
          assertTrue(ch.isConnectionPending());
        }
      }
    }
  }

  @Test
  void selectNowAloneDrivesTheRaceToItsEnd() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      ByNameSelectorProvider provider = Nio.provider(site);
      try (Selector selector = provider.openSelector(); SocketChannel ch = provider.openSocketChannel()) {
        ch.configureBlocking(false);
        long start = System.nanoTime();
        assertFalse(ch.connect(byName(site.port())));
        SelectionKey key = ch.register(selector, OP_CONNECT);
        while (selector.selectNow() == 0) {
          assertTrue(Nio.millisSince(start) < 3000, "selectNow polling got the race decided in time");
          Thread.sleep(5);
        }
        assertTrue(key.isConnectable());
        assertTrue(ch.finishConnect());
        assertEquals(V4, ((InetSocketAddress) ch.getRemoteAddress()).getAddress());
      }
    }
  }

  @Test
  void finishConnectAloneDrivesTheRaceWithNoSelector() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4));
        SocketChannel ch = Nio.provider(site).openSocketChannel()) {
      ch.configureBlocking(false);
      long start = System.nanoTime();
      assertFalse(ch.connect(byName(site.port())));
      while (!ch.finishConnect()) {
        assertTrue(Nio.millisSince(start) < 3000, "finishConnect polling got the race decided in time");
        Thread.sleep(5);
      }
      assertTrue(ch.isConnected());
      ch.configureBlocking(true);
      Nio.assertEchoes(ch, "polled");
    }
  }

  @Test
  void aRaceBegunNonBlockingFinishesInABlockingFinishConnect() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4));
        SocketChannel ch = Nio.provider(site).openSocketChannel()) {
      ch.configureBlocking(false);
      long start = System.nanoTime();
      assertFalse(ch.connect(byName(site.port())));
      ch.configureBlocking(true);
      assertTrue(ch.finishConnect(), "a blocking finishConnect waits for the end of the connect, as the JDK's");
      assertTrue(Nio.millisSince(start) < 2000);
      Nio.assertEchoes(ch, "blocked");
    }
  }

  @Test
  void everyAddressRefusedMakesFinishConnectThrowAsTheJdksDoes() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.refused(V6), Fixtures.refused(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      IOException jdk = refusedNonBlocking(Nio.jdk(), site.address(1));
      IOException byName = refusedNonBlocking(ours, byName(site.port()));
      IOException literal = refusedNonBlocking(ours, site.address(1));
      assertInstanceOf(ConnectException.class, jdk);
      assertEquals(jdk.getClass(), byName.getClass());
      assertTrue(byName.getMessage().startsWith(jdk.getMessage()), byName.getMessage());
      assertEquals(jdk.getClass(), literal.getClass());
      assertEquals(jdk.getMessage(), literal.getMessage(), "a literal fails exactly as the JDK's");
    }
  }

  /** A non-blocking connect to a refused destination, through a selector: what it throws; the channel is then closed. */
  private static IOException refusedNonBlocking(SelectorProvider provider, InetSocketAddress to) throws Exception {
    try (Selector selector = provider.openSelector()) {
      SocketChannel ch = provider.openSocketChannel();
      ch.configureBlocking(false);
      SelectionKey key = ch.register(selector, OP_CONNECT);
      IOException thrown = null;
      try {
        if (!ch.connect(to)) {
          assertEquals(1, selector.select(5000), provider + ": OP_CONNECT ready for a failed connect");
          assertTrue(key.isConnectable());
          ch.finishConnect();
        }
      } catch (IOException e) {
        thrown = e;
      }
      assertTrue(thrown != null, provider + " " + to + ": the connect failed");
      assertFalse(ch.isOpen(), provider + ": a failed connect closes the channel");
      assertFalse(key.isValid(), provider + ": and cancels its key");
      selector.selectNow();
      assertTrue(selector.keys().isEmpty(), provider + ": " + selector.keys());
      return thrown;
    }
  }

  @Test
  void anUnknownHostFailsTheNonBlockingConnectAtOnce() throws Exception {
    try (SocketChannel ch = Nio.provider(Nio.resolver(List.of(V4)), Nio.TIMEOUT).openSocketChannel()) {
      ch.configureBlocking(false);
      UnknownHostException e = assertThrows(UnknownHostException.class,
          () -> ch.connect(InetSocketAddress.createUnresolved("nowhere.test", 80)));
      assertTrue(e.getMessage().contains("nowhere.test"), e.getMessage());
      assertFalse(ch.isOpen());
    }
  }

  @Test
  void theWholeTimeoutPassingMakesOpConnectReadyAndFinishConnectThrowSocketTimeout() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4))) {
      ByNameSelectorProvider provider = Nio.provider(Nio.resolver(site.addresses()), Duration.ofMillis(700));
      try (Selector selector = provider.openSelector(); SocketChannel ch = provider.openSocketChannel()) {
        ch.configureBlocking(false);
        long start = System.nanoTime();
        assertFalse(ch.connect(byName(site.port())));
        SelectionKey key = ch.register(selector, OP_CONNECT);
        assertEquals(1, selector.select(), "select wakes for the deadline by itself");
        long millis = Nio.millisSince(start);
        assertTrue(millis >= 650 && millis < 2000, "at the 700 ms deadline: " + millis + " ms");
        assertTrue(key.isConnectable());
        assertThrows(java.net.SocketTimeoutException.class, ch::finishConnect);
        assertFalse(ch.isOpen());
      }
    }
  }

  @Test
  void aKeyCancelledMidRaceAndRegisteredAgainAfterASelectStillSeesTheRaceDecided() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      ByNameSelectorProvider provider = Nio.provider(site);
      try (Selector selector = provider.openSelector(); SocketChannel ch = provider.openSocketChannel()) {
        ch.configureBlocking(false);
        long start = System.nanoTime();
        assertFalse(ch.connect(byName(site.port())));
        SelectionKey key = ch.register(selector, OP_CONNECT);
        assertEquals(0, selector.select(100));
        key.cancel();
        assertEquals(0, selector.selectNow());
        assertFalse(ch.isRegistered());
        SelectionKey again = ch.register(selector, OP_CONNECT);
        while (selector.select(1000) == 0) {
          assertTrue(Nio.millisSince(start) < 5000, "decided in time");
        }
        assertEquals(java.util.Set.of(again), selector.selectedKeys());
        assertTrue(again.isConnectable());
        assertTrue(ch.finishConnect());
        assertEquals(V4, ((InetSocketAddress) ch.getRemoteAddress()).getAddress());
      }
    }
  }

  @Test
  void aRaceWatchedByTwoSelectorsIsReportedByBoth() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      ByNameSelectorProvider provider = Nio.provider(site);
      try (Selector first = provider.openSelector(); Selector second = provider.openSelector();
          SocketChannel ch = provider.openSocketChannel()) {
        ch.configureBlocking(false);
        long start = System.nanoTime();
        assertFalse(ch.connect(byName(site.port())));
        SelectionKey a = ch.register(first, OP_CONNECT);
        SelectionKey b = ch.register(second, OP_CONNECT);
        while (first.select(100) == 0) {
          assertTrue(Nio.millisSince(start) < 5000, "decided in time");
        }
        assertTrue(a.isConnectable());
        assertEquals(1, second.select(1000), "the other selector sees the decided race too");
        assertTrue(b.isConnectable());
        assertTrue(ch.finishConnect());
        a.interestOps(OP_WRITE);
        b.interestOps(OP_WRITE);
        first.selectedKeys().clear();
        second.selectedKeys().clear();
        assertEquals(1, first.select(1000));
        assertEquals(1, second.select(1000));
        assertEquals(OP_WRITE, a.readyOps());
        assertEquals(OP_WRITE, b.readyOps());
      }
    }
  }

  @Test
  void anInterruptStatusChangesNothingForANonBlockingConnectAsForTheJdks() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
        try (SocketChannel ch = provider.openSocketChannel()) {
          ch.configureBlocking(false);
          Thread.currentThread().interrupt();
          try {
            ch.connect(provider == ours ? byName(site.port()) : site.address(1));
            assertTrue(ch.isOpen(), provider + ": a non-blocking connect is not interruptible");
            ch.finishConnect();
            assertTrue(ch.isOpen(), provider.toString());
          } finally {
            assertTrue(Thread.interrupted(), "the status stays set");
          }
        }
      }
    }
  }
  /** Wakes {@code selector} after {@code millis}, so that a select that should have returned cannot hang the test. */
  private static Thread wakeUpLater(Selector selector, long millis) {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(millis);
        selector.wakeup();
      } catch (InterruptedException e) {
        // the select returned in time
      }
    }, "safety-wakeup");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * A loop that ends with {@code selectNow()} and does not take the keys, as the JDK's HTTP server
   * does: a readable key left selected makes the next select return 0 at once, as the JDK's does,
   * not spin inside it for its whole timeout.
   */
  @Test
  void aReadableKeyLeftSelectedEndsTheNextSelectAtOnceAsOnTheJdksSelector() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
        try (Selector selector = provider.openSelector(); SocketChannel ch = provider.openSocketChannel()) {
          ch.configureBlocking(false);
          SelectionKey key = ch.register(selector, OP_CONNECT);
          long start = System.nanoTime();
          if (!ch.connect(provider == ours ? byName(site.port()) : site.address(0))) {
            while (!ch.finishConnect()) {
              selector.select(500);
              assertTrue(Nio.millisSince(start) < 5000, provider + ": connected in time");
            }
          }
          selector.selectedKeys().clear();
          key.interestOps(OP_READ);
          ch.write(ByteBuffer.wrap(new byte[] {1}));
          while (!selector.selectedKeys().contains(key)) {
            selector.select(500);
            assertTrue(Nio.millisSince(start) < 5000, provider + ": readable in time");
          }
          assertTrue(key.isReadable());

          Thread safety = wakeUpLater(selector, 3000);
          long t0 = System.nanoTime();
          assertEquals(0, selector.select(1000), provider + ": nothing new");
          long timed = Nio.millisSince(t0);
          t0 = System.nanoTime();
          assertEquals(0, selector.select(), provider + ": nothing new");
          long untimed = Nio.millisSince(t0);
          safety.interrupt();
          assertTrue(timed < 500, provider + ": select(1000) returned at once, not after " + timed + " ms");
          assertTrue(untimed < 1000, provider + ": select() returned at once, not after " + untimed + " ms");
          assertTrue(key.isReadable(), provider + ": still selected, still readable");
        }
      }
    }
  }

  /** The longest timeout, as a server loop may pass, must not keep the race from its next attempt. */
  @Test
  void aSelectWithTheLongestTimeoutStillStartsTheNextAttemptWhenDue() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
        try (Selector selector = provider.openSelector(); SocketChannel ch = provider.openSocketChannel()) {
          ch.configureBlocking(false);
          SelectionKey key = ch.register(selector, OP_CONNECT);
          if (ch.connect(provider == ours ? byName(site.port()) : site.address(1))) {
            continue; // the JDK's, to a live loopback address, may connect at once
          }
          Thread safety = wakeUpLater(selector, 5000);
          long start = System.nanoTime();
          int n = selector.select(Long.MAX_VALUE);
          long millis = Nio.millisSince(start);
          safety.interrupt();
          assertEquals(1, n, provider + ": after " + millis + " ms");
          assertTrue(key.isConnectable(), provider.toString());
          assertTrue(millis < 2000, provider + ": the second attempt started at 250 ms, not after " + millis + " ms");
          assertTrue(ch.finishConnect());
        }
      }
    }
  }

  /**
   * A channel made blocking while it races: its winner is blocking too, as the JDK's channel is
   * after the same calls, so that reads block and the socket adaptor's streams work.
   */
  @Test
  void aChannelMadeBlockingDuringTheRaceHasABlockingConnectionAsTheJdks() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
        for (boolean registeredFirst : new boolean[] {false, true}) {
          String what = provider + (registeredFirst ? ", registered and cancelled first" : "");
          try (Selector selector = provider.openSelector(); SocketChannel ch = provider.openSocketChannel()) {
            ch.configureBlocking(false);
            if (ch.connect(provider == ours ? byName(site.port()) : site.address(1))) {
              continue; // the JDK's, to a live loopback address, may connect at once
            }
            if (registeredFirst) {
              SelectionKey key = ch.register(selector, OP_CONNECT);
              selector.select(100);
              key.cancel();
            }
            ch.configureBlocking(true);
            assertTrue(ch.finishConnect(), what);
            assertTrue(ch.isBlocking(), what);
            ch.socket().setSoTimeout(5000);
            Fixtures.assertEchoes(ch.socket(), "blocking after a race"); // the adaptor's streams need a blocking channel
            Nio.assertEchoes(ch, "and the channel's own reads");
          }
        }
      }
    }
  }
}
