package io.connectbyname;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Soak: connects through {@link ByNameSocketFactory} from many threads at once, mixing every way a
 * connect ends: connected (past a refused first address), refused, blackholed until the deadline
 * (50..100 ms), interrupted (which, as for the JDK's socket, changes nothing: the deadline ends it),
 * and closed from another thread while connecting. Afterwards open
 * descriptors, live threads and retained heap must be back where they were, give or take a small
 * constant; a warm-up first lets the JDK open what it keeps for good.
 *
 * <p>CI runs {@value #DEFAULT_CONNECTS} connects; the long run is
 * {@code ./mvnw -B test -Dtest=SoakTest -Dsoak.connects=100000} ({@code -Dsoak.threads}, default 64).
 */
@Timeout(value = 40, unit = TimeUnit.MINUTES)
class SoakTest {
  static final int DEFAULT_CONNECTS = 5_000;
  private static final int CONNECTS = Integer.getInteger("soak.connects", DEFAULT_CONNECTS);
  private static final int THREADS = Integer.getInteger("soak.threads", 64);
  private static final long SEED = Long.getLong("soak.seed", 8305);
  /** Wall-clock budget: 60 s for the CI run, 10 ms a connect for longer ones. */
  private static final Duration BUDGET = Duration.ofSeconds(Math.max(60, CONNECTS / 100));
  private static final int FD_SLACK = 2;
  private static final int THREAD_SLACK = 2;
  private static final long HEAP_SLACK = 4L << 20;

  /** How a connect of the mix is meant to end. */
  enum Kind {
    CONNECTED(30), REFUSED(20), DEADLINE(20), INTERRUPTED(15), CLOSED(15);

    final int percent;

    Kind(int percent) {
      this.percent = percent;
    }

    static Kind pick(SplittableRandom random) {
      int roll = random.nextInt(100);
      for (Kind k : values()) {
        roll -= k.percent;
        if (roll < 0) {
          return k;
        }
      }
      throw new AssertionError();
    }
  }

  @Test
  void connectsThatEndEveryWayLeaveNoDescriptorThreadOrHeapBehind() throws Exception {
    try (Fixtures.Site ok = Fixtures.site(Fixtures.refused(V6), Fixtures.live(V4));
        Fixtures.Site refused = Fixtures.site(Fixtures.refused(V4), Fixtures.refused(V6));
        Fixtures.Site dead = Fixtures.site(Fixtures.blackhole(V4), Fixtures.blackhole(V6))) {
      // Not Fixtures.resolver: it records every lookup, which would be retained heap of the test's own.
      Map<String, List<InetAddress>> names = Map.of(
          "ok.test", ok.addresses(), "refused.test", refused.addresses(), "dead.test", dead.addresses());
      ByNameSocketFactory factory = new ByNameSocketFactory(Settings.defaults()
          .withAttemptDelay(Duration.ofMillis(25))
          .withResolver(names::get));
      Mix mix = new Mix(factory, ok.port(), refused.port(), dead.port());

      Run warmUp = mix.run(Math.min(1_000, CONNECTS), SEED - 1);
      warmUp.assertAsExpected();
      Usage before = Usage.measure();

      Run soak = mix.run(CONNECTS, SEED);
      Usage after = Usage.measure();

      System.out.printf("soak: %,d connects from %d threads in %.1f s = %,.0f connects/s %s;"
          + " max overshoot past a deadline %d ms, max reaction to an abort %d ms;"
          + " descriptors %d -> %d, threads %d -> %d, heap %.1f MiB -> %.1f MiB%n",
          CONNECTS, THREADS, soak.seconds(), CONNECTS / soak.seconds(), soak.counts,
          soak.maxDeadlineOvershootMillis.get(), soak.maxAbortReactionMillis.get(),
          before.descriptors, after.descriptors, before.threads, after.threads,
          before.heap / 1048576.0, after.heap / 1048576.0);
      soak.assertAsExpected();
      assertTrue(after.descriptors - before.descriptors <= FD_SLACK, () -> "descriptors: " + before.descriptors
          + " before, " + after.descriptors + " after: " + Fixtures.difference(before.fds, after.fds));
      assertTrue(after.threads - before.threads <= THREAD_SLACK, () -> "threads: " + before.threads + " before, "
          + after.threads + " after: " + after.threadNames);
      assertTrue(after.heap - before.heap <= HEAP_SLACK, () -> "retained heap grew from " + before.heap + " to "
          + after.heap + " bytes");
      assertTrue(soak.maxAbortReactionMillis.get() < 2_000, "an abort took " + soak.maxAbortReactionMillis + " ms");
      assertTrue(soak.maxDeadlineOvershootMillis.get() < 2_000,
          "a connect ended " + soak.maxDeadlineOvershootMillis + " ms after its deadline");
    }
  }

  /** The sites and the factory; {@link #run} makes a fresh set of threads each time. */
  private record Mix(ByNameSocketFactory factory, int okPort, int refusedPort, int deadPort) {

    Run run(int connects, long seed) throws Exception {
      Run run = new Run();
      List<Thread> threads = new ArrayList<>();
      ThreadFactory recording = r -> {
        Thread t = new Thread(r, "soak-" + threads.size());
        t.setDaemon(true);
        threads.add(t);
        return t;
      };
      ScheduledThreadPoolExecutor aborter = new ScheduledThreadPoolExecutor(1, recording);
      aborter.setRemoveOnCancelPolicy(true);
      AtomicInteger next = new AtomicInteger();
      SplittableRandom seeds = new SplittableRandom(seed);
      List<Thread> workers = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        SplittableRandom random = seeds.split();
        workers.add(recording.newThread(() -> {
          while (next.getAndIncrement() < connects) {
            one(run, aborter, random);
          }
        }));
      }
      long start = System.nanoTime();
      workers.forEach(Thread::start);
      long giveUp = start + BUDGET.toNanos();
      for (Thread w : workers) {
        w.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(giveUp - System.nanoTime())));
        if (w.isAlive()) {
          StringBuilder stack = new StringBuilder();
          for (StackTraceElement e : w.getStackTrace()) {
            stack.append("\n  at ").append(e);
          }
          workers.forEach(Thread::interrupt);
          throw new AssertionError(w.getName() + " still connecting after " + BUDGET.toSeconds() + " s ("
              + next.get() + " of " + connects + " started):" + stack);
        }
      }
      run.nanos = System.nanoTime() - start;
      aborter.shutdown();
      assertTrue(aborter.awaitTermination(10, TimeUnit.SECONDS));
      for (Thread t : threads) {
        t.join(10_000); // so that the thread count after is honest
      }
      return run;
    }

    private void one(Run run, ScheduledThreadPoolExecutor aborter, SplittableRandom random) {
      Kind kind = Kind.pick(random);
      long began = System.nanoTime();
      Abort abort = null;
      Throwable thrown = null;
      int timeout = 0;
      try (Socket s = factory.createSocket()) {
        switch (kind) {
          case CONNECTED -> timeout = 5_000;
          case REFUSED -> timeout = 5_000;
          case DEADLINE -> timeout = 50 + random.nextInt(51);
          case INTERRUPTED -> {
            // As the JDK's socket on a platform thread: the interrupt changes nothing, the deadline ends it.
            timeout = 50 + random.nextInt(51);
            abort = new Abort(Thread.currentThread(), s);
            aborter.schedule(abort, random.nextInt(16), TimeUnit.MILLISECONDS);
          }
          default -> {
            timeout = 10_000;
            abort = new Abort(null, s);
            aborter.schedule(abort, random.nextInt(16), TimeUnit.MILLISECONDS);
          }
        }
        String host = kind == Kind.CONNECTED ? "ok.test" : kind == Kind.REFUSED ? "refused.test" : "dead.test";
        int port = kind == Kind.CONNECTED ? okPort : kind == Kind.REFUSED ? refusedPort : deadPort;
        s.connect(InetSocketAddress.createUnresolved(host, port), timeout);
      } catch (Throwable t) {
        thrown = t;
      }
      long ended = System.nanoTime();
      if (kind == Kind.INTERRUPTED && abort.delivered() && !Thread.currentThread().isInterrupted()) {
        thrown = new AssertionError("the interrupt status was lost, after " + thrown);
      }
      if (abort != null) {
        abort.disarm();
        if (abort.firedAt != 0 && kind == Kind.CLOSED) {
          run.maxAbortReactionMillis.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(ended - abort.firedAt), Math::max);
        }
      }
      if (kind == Kind.DEADLINE) {
        run.maxDeadlineOvershootMillis.accumulateAndGet(
            TimeUnit.NANOSECONDS.toMillis(ended - began) - timeout, Math::max);
      }
      run.record(kind, thrown);
    }
  }

  /**
   * Interrupts a thread or closes a socket once, unless disarmed first; after {@link #disarm} the
   * interrupt, if any, has been delivered and cleared, so that it cannot hit the next connect.
   */
  private static final class Abort implements Runnable {
    private static final int ARMED = 0;
    private static final int FIRING = 1;
    private static final int DONE = 2;
    private final AtomicInteger state = new AtomicInteger(ARMED);
    private final Thread thread;
    private final Socket socket;
    volatile long firedAt;

    Abort(Thread thread, Socket socket) {
      this.thread = thread;
      this.socket = socket;
    }

    @Override
    public void run() {
      if (!state.compareAndSet(ARMED, FIRING)) {
        return;
      }
      firedAt = System.nanoTime();
      try {
        if (thread != null) {
          thread.interrupt();
        } else {
          socket.close();
        }
      } catch (IOException ignored) {
        // closing an aborted socket: nothing to report
      } finally {
        state.set(DONE);
      }
    }

    /** Whether it fired, and is done firing. */
    boolean delivered() {
      return state.get() == DONE && firedAt != 0;
    }

    void disarm() {
      if (!state.compareAndSet(ARMED, DONE)) {
        while (state.get() != DONE) {
          Thread.onSpinWait(); // the abort is being delivered right now
        }
      }
      Thread.interrupted(); // clear this connect's interrupt
    }
  }

  /** The outcomes of one run, counted by kind and by how they ended. */
  private static final class Run {
    final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    final Map<String, Throwable> unexpected = new ConcurrentHashMap<>();
    final AtomicLong maxAbortReactionMillis = new AtomicLong();
    final AtomicLong maxDeadlineOvershootMillis = new AtomicLong();
    long nanos;

    void record(Kind kind, Throwable thrown) {
      String outcome = thrown == null ? "connected" : thrown.getClass().getSimpleName();
      counts.computeIfAbsent(kind + "/" + outcome, k -> new LongAdder()).increment();
      if (!expected(kind, thrown)) {
        unexpected.putIfAbsent(kind + ": " + thrown, thrown == null ? new AssertionError("connected") : thrown);
      }
    }

    private static boolean expected(Kind kind, Throwable t) {
      String message = t == null ? null : t.getMessage();
      return switch (kind) {
        case CONNECTED -> t == null;
        case REFUSED -> t instanceof ConnectException;
        case DEADLINE -> t instanceof SocketTimeoutException;
        case INTERRUPTED -> t instanceof SocketTimeoutException;
        case CLOSED -> t instanceof SocketException
            && ("Socket closed".equals(message) || "Socket is closed".equals(message));
      };
    }

    double seconds() {
      return nanos / 1e9;
    }

    void assertAsExpected() {
      if (!unexpected.isEmpty()) {
        AssertionError e = new AssertionError("unexpected outcomes " + unexpected.keySet() + " among " + counts);
        unexpected.values().forEach(e::addSuppressed);
        throw e;
      }
      Map<Kind, Long> byKind = new EnumMap<>(Kind.class);
      counts.forEach((k, n) -> byKind.merge(Kind.valueOf(k.substring(0, k.indexOf('/'))), n.sum(), Long::sum));
      assertTrue(byKind.size() == Kind.values().length, "every kind ran: " + counts);
    }

    @Override
    public String toString() {
      return new TreeMap<>(counts).toString();
    }
  }

  /** Descriptors, live threads and retained heap at one moment, after the dust settled. */
  private record Usage(Map<Integer, String> fds, int descriptors, int threads, List<String> threadNames, long heap) {
    static Usage measure() throws InterruptedException {
      settleDescriptors();
      long heap = Long.MAX_VALUE;
      for (int i = 0; i < 4; i++) { // the lowest of a few collections: what is retained
        System.gc();
        Thread.sleep(100);
        Runtime rt = Runtime.getRuntime();
        heap = Math.min(heap, rt.totalMemory() - rt.freeMemory());
      }
      Map<Integer, String> fds = Fixtures.fileDescriptors();
      List<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
      return new Usage(fds, fds == null ? -1 : fds.size(), names.size(), names, heap);
    }

    /** Waits until the descriptor count holds still: the live server closes its side on its own thread. */
    private static void settleDescriptors() throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      int last = -2;
      int steady = 0;
      while (steady < 3 && System.nanoTime() < end) {
        int now = Fixtures.openFileDescriptors();
        steady = now == last ? steady + 1 : 0;
        last = now;
        Thread.sleep(50);
      }
    }
  }
}
