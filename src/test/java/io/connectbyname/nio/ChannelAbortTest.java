package io.connectbyname.nio;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static io.connectbyname.nio.Nio.byName;
import static java.nio.channels.SelectionKey.OP_CONNECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.ByNameSelectorProvider;
import io.connectbyname.Fixtures;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DESIGN §9 and §13: a connect ends as {@code InterruptibleChannel} says, as the JDK's channel's
 * does: closed from another thread, {@link AsynchronousCloseException}; interrupted,
 * {@link ClosedByInterruptException}, the channel closed and the interrupt status kept; and no
 * descriptor is left behind.
 */
@Timeout(60)
class ChannelAbortTest {

  /** A blocking connect that hangs: how it is made, and on which provider. */
  private record Case(String what, SelectorProvider provider, InetSocketAddress to) {
    @Override
    public String toString() {
      return what;
    }
  }

  /** Connects that hang: the JDK's to a dead literal, ours to a dead literal, a dead name, a name of two dead addresses. */
  private static List<Case> hanging(Fixtures.Site twoDead, Fixtures.Site oneDead) {
    ByNameSelectorProvider two = Nio.provider(twoDead);
    ByNameSelectorProvider one = Nio.provider(oneDead);
    return List.of(
        new Case("the JDK's, to a literal", Nio.jdk(), twoDead.address(1)),
        new Case("ours, to a literal", two, twoDead.address(1)),
        new Case("ours, to a name of one address", one, byName(oneDead.port())),
        new Case("ours, to a name of two, racing", two, byName(twoDead.port())));
  }

  /** What a connect on another thread came to. */
  private record Outcome(Throwable thrown, boolean stillInterrupted) {}

  private static Thread connecting(SocketChannel ch, InetSocketAddress to, CompletableFuture<Outcome> outcome,
      boolean interruptFirst) {
    Thread t = new Thread(() -> {
      if (interruptFirst) {
        Thread.currentThread().interrupt();
      }
      Throwable thrown = null;
      try {
        ch.connect(to);
      } catch (Throwable e) {
        thrown = e;
      }
      outcome.complete(new Outcome(thrown, Thread.currentThread().isInterrupted()));
    }, "connecting");
    t.start();
    return t;
  }

  @Test
  void closeFromAnotherThreadEndsABlockingConnectWithAsynchronousClose() throws Exception {
    assertEachBlockedConnectEnds((ch, t) -> ch.close(), AsynchronousCloseException.class, false, "closed");
  }

  @Test
  void anInterruptEndsABlockingConnectWithClosedByInterruptAndKeepsTheStatus() throws Exception {
    assertEachBlockedConnectEnds((ch, t) -> t.interrupt(), ClosedByInterruptException.class, true, "interrupted");
  }

  /** What ends a blocked connect: something done to its channel or to the thread that connects. */
  private interface Abort {
    void run(SocketChannel ch, Thread connecting) throws Exception;
  }

  /**
   * For each of the {@link #hanging} connects, on a thread of its own: once it blocks, {@code abort}
   * ends it at once with {@code expected}, the channel closed, the interrupt status {@code interrupted},
   * and no descriptor left open.
   */
  private static void assertEachBlockedConnectEnds(Abort abort, Class<? extends Throwable> expected, boolean interrupted,
      String how) throws Exception {
    try (Fixtures.Site twoDead = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4));
        Fixtures.Site oneDead = Fixtures.site(Fixtures.blackhole(V4))) {
      for (Case c : hanging(twoDead, oneDead)) {
        Map<Integer, String> before = Fixtures.fileDescriptors();
        SocketChannel ch = c.provider().openSocketChannel();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Thread t = connecting(ch, c.to(), outcome, false);
        Fixtures.awaitBlocked(t, Duration.ofSeconds(5));
        long start = System.nanoTime();
        abort.run(ch, t);
        Outcome o = outcome.get(5, TimeUnit.SECONDS);
        assertTrue(Nio.millisSince(start) < 1000, c + ": ended at once");
        assertNotNull(o.thrown(), c.toString());
        assertEquals(expected, o.thrown().getClass(), c + ": " + o.thrown());
        assertFalse(ch.isOpen(), c + ": the channel is closed");
        assertEquals(interrupted, o.stillInterrupted(), c + ": the interrupt status");
        t.join(5000);
        Fixtures.assertNoDescriptorLeak(before, "after " + c + " was " + how + " while connecting");
      }
    }
  }

  @Test
  void aThreadInterruptedBeforeConnectFailsAsWithTheJdksChannel() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4));
        Fixtures.Site live = Fixtures.site(Fixtures.echo(V4))) {
      List<Case> cases = List.of(
          new Case("the JDK's, to a literal", Nio.jdk(), live.address(0)),
          new Case("ours, to a literal", Nio.provider(live), live.address(0)),
          new Case("ours, to a name of one address", Nio.provider(live), byName(live.port())),
          new Case("ours, to a name of two", Nio.provider(site), byName(site.port())));
      for (Case c : cases) {
        Map<Integer, String> before = Fixtures.fileDescriptors();
        SocketChannel ch = c.provider().openSocketChannel();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        connecting(ch, c.to(), outcome, true).join(5000);
        Outcome o = outcome.get(5, TimeUnit.SECONDS);
        assertNotNull(o.thrown(), c + ": connected regardless");
        assertEquals(ClosedByInterruptException.class, o.thrown().getClass(), c + ": " + o.thrown());
        assertFalse(ch.isOpen(), c.toString());
        assertTrue(o.stillInterrupted(), c.toString());
        Fixtures.assertNoDescriptorLeak(before, "after " + c);
      }
    }
  }

  @Test
  void closingAChannelRegisteredMidRaceCancelsItsKeyAndLeavesNoDescriptor() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
        try (Selector selector = provider.openSelector()) {
          selector.selectNow();
          Map<Integer, String> before = Fixtures.fileDescriptors();
          SocketChannel ch = provider.openSocketChannel();
          ch.configureBlocking(false);
          assertFalse(ch.connect(provider == ours ? byName(site.port()) : site.address(1)));
          SelectionKey key = ch.register(selector, OP_CONNECT);
          assertEquals(0, selector.select(400), "past the attempt delay: two attempts in flight");
          ch.close();
          assertFalse(key.isValid(), provider + ": the key is cancelled");
          assertEquals(0, selector.selectNow());
          assertTrue(selector.keys().isEmpty(), provider + ": " + selector.keys());
          Fixtures.assertNoDescriptorLeak(before, "after a channel of " + provider + " closed mid-race");
        }
      }
    }
  }

  @Test
  void closingTheSelectorMidRaceLeavesTheChannelConnectingAndItStillConnects() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      ByNameSelectorProvider provider = new ByNameSelectorProvider(
          Nio.settings(Nio.resolver(site.addresses())).withAttemptDelay(Duration.ofMillis(500)));
      Map<Integer, String> before = Fixtures.fileDescriptors();
      SocketChannel ch = provider.openSocketChannel();
      ch.configureBlocking(false);
      long start = System.nanoTime();
      assertFalse(ch.connect(byName(site.port())));
      Selector selector = provider.openSelector();
      SelectionKey key = ch.register(selector, OP_CONNECT);
      assertEquals(0, selector.select(100));
      selector.close();
      assertFalse(key.isValid(), "closing the selector cancels its keys, as the JDK's");
      assertFalse(ch.isRegistered());
      assertTrue(ch.isOpen());
      assertTrue(ch.isConnectionPending(), "the connect goes on");
      try (Selector another = provider.openSelector()) {
        SelectionKey again = ch.register(another, OP_CONNECT);
        while (another.select(1000) == 0) {
          assertTrue(Nio.millisSince(start) < 5000, "the race went on in the other selector");
        }
        assertTrue(again.isConnectable());
        assertTrue(ch.finishConnect());
        assertEquals(V4, ((InetSocketAddress) ch.getRemoteAddress()).getAddress());
        ch.close();
        another.selectNow();
      }
      Fixtures.assertNoDescriptorLeak(before, "after a selector closed mid-race, the channel connected elsewhere");
    }
  }

  @Test
  void closingTheChannelWhileAnotherThreadSelectsMidRaceEndsCleanly() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4))) {
      ByNameSelectorProvider provider = Nio.provider(site);
      try (Selector selector = provider.openSelector()) {
        selector.selectNow();
        Map<Integer, String> before = Fixtures.fileDescriptors();
        List<SocketChannel> channels = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          SocketChannel ch = provider.openSocketChannel();
          ch.configureBlocking(false);
          assertFalse(ch.connect(byName(site.port())));
          ch.register(selector, OP_CONNECT);
          channels.add(ch);
        }
        CompletableFuture<Integer> selected = new CompletableFuture<>();
        Thread t = new Thread(() -> {
          try {
            int n = 0;
            while (!selector.keys().isEmpty()) {
              n += selector.select(200);
            }
            selected.complete(n);
          } catch (Throwable e) {
            selected.completeExceptionally(e);
          }
        });
        t.start();
        Thread.sleep(300);
        for (SocketChannel ch : channels) {
          ch.close();
        }
        assertEquals(0, selected.get(5, TimeUnit.SECONDS), "a closed channel is never reported");
        t.join(5000);
        selector.selectNow();
        Fixtures.assertNoDescriptorLeak(before, "after five racing channels were closed under a running select");
      }
    }
  }

  @Test
  void closeOrInterruptEndsABlockingFinishConnectAsTheJdksChannel() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      for (boolean interrupt : new boolean[] {false, true}) {
        for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
          String what = provider + (interrupt ? ", interrupted" : ", closed");
          Map<Integer, String> before = Fixtures.fileDescriptors();
          SocketChannel ch = provider.openSocketChannel();
          ch.configureBlocking(false);
          assertFalse(ch.connect(provider == ours ? byName(site.port()) : site.address(1)));
          ch.configureBlocking(true);
          CompletableFuture<Outcome> outcome = new CompletableFuture<>();
          Thread t = new Thread(() -> {
            Throwable thrown = null;
            try {
              ch.finishConnect();
            } catch (Throwable e) {
              thrown = e;
            }
            outcome.complete(new Outcome(thrown, Thread.currentThread().isInterrupted()));
          });
          t.start();
          Fixtures.awaitBlocked(t, Duration.ofSeconds(5));
          Thread.sleep(300); // past the attempt delay: both attempts in flight, the next event the deadline
          long start = System.nanoTime();
          if (interrupt) {
            t.interrupt();
          } else {
            ch.close();
          }
          Outcome o = outcome.get(5, TimeUnit.SECONDS);
          assertTrue(Nio.millisSince(start) < 1000, what + ": ended at once");
          assertNotNull(o.thrown(), what);
          assertEquals(interrupt ? ClosedByInterruptException.class : AsynchronousCloseException.class,
              o.thrown().getClass(), what + ": " + o.thrown());
          assertFalse(ch.isOpen(), what);
          assertEquals(interrupt, o.stillInterrupted(), what);
          t.join(5000);
          Fixtures.assertNoDescriptorLeak(before, "after " + what + " in a blocking finishConnect");
        }
      }
    }
  }

  @Test
  void closingRacingChannelsFromAnotherThreadWhileTheSelectorSpinsThrowsNothingFromSelect() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4))) {
      ByNameSelectorProvider provider = new ByNameSelectorProvider(
          Nio.settings(Nio.resolver(site.addresses())).withAttemptDelay(Duration.ofMillis(10)));
      try (Selector selector = provider.openSelector()) {
        for (int round = 0; round < 60; round++) {
          List<SocketChannel> channels = new ArrayList<>();
          for (int i = 0; i < 20; i++) {
            SocketChannel ch = provider.openSocketChannel();
            ch.configureBlocking(false);
            assertFalse(ch.connect(byName(site.port())));
            ch.register(selector, OP_CONNECT);
            channels.add(ch);
          }
          CompletableFuture<Integer> selected = new CompletableFuture<>();
          Thread t = new Thread(() -> {
            try {
              int n = 0;
              while (!selector.keys().isEmpty()) {
                n += selector.selectNow();
                for (SocketChannel ch : channels) {
                  if (ch.isOpen()) {
                    ch.finishConnect(); // as a loop that polls: steps the race too
                  }
                }
              }
              selected.complete(n);
            } catch (java.nio.channels.ClosedChannelException e) {
              selected.complete(0); // closed between isOpen and finishConnect: what the JDK's throws too
            } catch (Throwable e) {
              selected.completeExceptionally(e);
            }
          });
          t.start();
          for (SocketChannel ch : channels) {
            ch.close();
          }
          selected.get(5, TimeUnit.SECONDS);
          t.join(5000);
          selector.selectNow();
        }
      }
    }
  }

  @Test
  void closeOrInterruptEndsABlockedReadOfTheWinnerAsTheJdksChannel() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      ByNameSelectorProvider ours = Nio.provider(site);
      for (boolean interrupt : new boolean[] {false, true}) {
        for (SelectorProvider provider : List.of(Nio.jdk(), ours)) {
          String what = provider + (interrupt ? ", interrupted" : ", closed");
          SocketChannel ch = provider.openSocketChannel();
          ch.connect(provider == ours ? byName(site.port()) : site.address(1));
          CompletableFuture<Outcome> outcome = new CompletableFuture<>();
          Thread t = new Thread(() -> {
            Throwable thrown = null;
            try {
              ch.read(java.nio.ByteBuffer.allocate(1)); // the echo server sends nothing unasked
            } catch (Throwable e) {
              thrown = e;
            }
            outcome.complete(new Outcome(thrown, Thread.currentThread().isInterrupted()));
          });
          t.start();
          Fixtures.awaitBlocked(t, Duration.ofSeconds(5));
          if (interrupt) {
            t.interrupt();
          } else {
            ch.close();
          }
          Outcome o = outcome.get(5, TimeUnit.SECONDS);
          assertNotNull(o.thrown(), what);
          assertEquals(interrupt ? ClosedByInterruptException.class : AsynchronousCloseException.class,
              o.thrown().getClass(), what + ": " + o.thrown());
          assertFalse(ch.isOpen(), what);
          assertEquals(interrupt, o.stillInterrupted(), what);
          t.join(5000);
        }
      }
    }
  }

  @Test
  void onAVirtualThreadAnInterruptEndsABlockingConnectAsTheJdksChannel() throws Exception {
    java.lang.reflect.Method startVirtual;
    try {
      startVirtual = Thread.class.getMethod("startVirtualThread", Runnable.class);
    } catch (NoSuchMethodException e) {
      org.junit.jupiter.api.Assumptions.abort("virtual threads are absent before JDK 21");
      return;
    }
    try (Fixtures.Site twoDead = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4));
        Fixtures.Site oneDead = Fixtures.site(Fixtures.blackhole(V4))) {
      List<Case> cases = new ArrayList<>();
      cases.add(hanging(twoDead, oneDead).get(0)); // once to warm up: the JDK starts its pollers, with descriptors
      cases.addAll(hanging(twoDead, oneDead));
      for (int i = 0; i < cases.size(); i++) {
        Case c = cases.get(i);
        Map<Integer, String> before = i == 0 ? null : Fixtures.fileDescriptors();
        SocketChannel ch = c.provider().openSocketChannel();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Thread t = (Thread) startVirtual.invoke(null, (Runnable) () -> {
          Throwable thrown = null;
          try {
            ch.connect(c.to());
          } catch (Throwable e) {
            thrown = e;
          }
          outcome.complete(new Outcome(thrown, Thread.currentThread().isInterrupted()));
        });
        awaitParkedInSocketCode(t);
        long start = System.nanoTime();
        t.interrupt();
        Outcome o = outcome.get(5, TimeUnit.SECONDS);
        assertTrue(Nio.millisSince(start) < 1000, c + ": ended at once");
        assertNotNull(o.thrown(), c.toString());
        assertEquals(ClosedByInterruptException.class, o.thrown().getClass(), c + ": " + o.thrown());
        assertFalse(ch.isOpen(), c.toString());
        assertTrue(o.stillInterrupted(), c.toString());
        t.join(5000);
        Fixtures.assertNoDescriptorLeak(before, "after " + c + " was interrupted on a virtual thread");
      }
    }
  }

  /** Waits until a virtual thread waits in the JDK's socket code (a connect, a select), then a moment more. */
  private static void awaitParkedInSocketCode(Thread t) throws InterruptedException {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      Thread.State state = t.getState();
      boolean waiting = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
          || state == Thread.State.RUNNABLE;
      boolean inSocketCode = false;
      for (StackTraceElement frame : t.getStackTrace()) {
        inSocketCode |= frame.getClassName().startsWith("sun.nio.ch.");
      }
      if (waiting && inSocketCode) {
        break;
      }
      assertTrue(System.nanoTime() - giveUp < 0, t + " did not block: " + state);
      Thread.sleep(1);
    }
    Thread.sleep(50); // settled in its wait
  }
  /** A blocking connect that succeeds at once on loopback: how it is made. */
  private record Connect(String what, SelectorProvider provider, InetSocketAddress to, int socketTimeout) {
    void run(SocketChannel ch) throws java.io.IOException {
      if (socketTimeout > 0) {
        ch.socket().connect(to, socketTimeout);
      } else {
        ch.connect(to);
      }
    }
  }

  /**
   * A close from another thread at any moment of a blocking connect, its very end included: the
   * connect either returns, and the close then closes the connection, or throws as the JDK's does;
   * no descriptor is left open either way.
   */
  @Test
  void aCloseAtAnyMomentOfABlockingConnectLeavesNoDescriptor() throws Exception {
    try (Fixtures.Site one = Fixtures.site(Fixtures.live(V4));
        Fixtures.Site two = Fixtures.site(Fixtures.live(V6), Fixtures.live(V4))) {
      ByNameSelectorProvider ofOne = Nio.provider(one);
      ByNameSelectorProvider ofTwo = Nio.provider(two);
      List<Connect> connects = List.of(
          new Connect("the JDK's, to a literal", Nio.jdk(), one.address(0), 0),
          new Connect("ours, to a literal", ofOne, one.address(0), 0),
          new Connect("ours, to a literal, timed", ofOne, one.address(0), 1000),
          new Connect("ours, to a name of one address", ofOne, byName(one.port()), 0),
          new Connect("ours, to a name of one address, timed", ofOne, byName(one.port()), 1000),
          new Connect("ours, to a name of two", ofTwo, byName(two.port()), 0),
          new Connect("ours, to a name of two, timed", ofTwo, byName(two.port()), 1000));
      java.util.Random random = new java.util.Random(42);
      for (Connect c : connects) {
        Map<Integer, String> before = Fixtures.fileDescriptors();
        long spanNanos = connectNanos(c);
        int returned = 0;
        for (int i = 0; i < 400; i++) {
          SocketChannel ch = c.provider().openSocketChannel();
          CompletableFuture<Throwable> outcome = new CompletableFuture<>();
          java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
          Thread t = new Thread(() -> {
            Throwable thrown = null;
            try {
              go.await();
              c.run(ch);
            } catch (Throwable e) {
              thrown = e;
            }
            outcome.complete(thrown);
          }, "connecting");
          t.start();
          long delay = (long) (random.nextDouble() * spanNanos * 1.5);
          go.countDown();
          long start = System.nanoTime();
          while (System.nanoTime() - start < delay) {
            Thread.onSpinWait();
          }
          ch.close();
          Throwable thrown = outcome.get(5, TimeUnit.SECONDS);
          t.join(5000);
          if (thrown == null) {
            returned++;
          } else if (!(thrown instanceof java.nio.channels.ClosedChannelException)) {
            throw new AssertionError(c + ": not as the JDK's channel ends when closed: " + thrown, thrown);
          }
        }
        Thread.sleep(200); // the servers close their ends on their own threads
        Fixtures.assertNoDescriptorLeak(before, "after " + c + " closed at random moments (" + returned
            + " of 400 connected first)");
      }
    }
  }

  /** How long {@code c} takes, the median of a few, so that the closes land all over it. */
  private static long connectNanos(Connect c) throws Exception {
    long[] spans = new long[21];
    for (int i = 0; i < spans.length; i++) {
      try (SocketChannel ch = c.provider().openSocketChannel()) {
        long start = System.nanoTime();
        c.run(ch);
        spans[i] = System.nanoTime() - start;
      }
    }
    java.util.Arrays.sort(spans);
    return spans[spans.length / 2];
  }
}
