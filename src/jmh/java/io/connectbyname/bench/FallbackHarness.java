package io.connectbyname.bench;

import io.connectbyname.ByNameSocketFactory;
import io.connectbyname.ConnectByName;
import io.connectbyname.Connection;
import io.connectbyname.Settings;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Second-long events that JMH does not fit, on loopback, each case repeated and summarised by
 * median and p90, the plain JDK measured in the same run:
 *
 * <ol>
 *   <li>Dead-first fallback: a name resolving to {@code [::1]} (blackholed) then {@code 127.0.0.1}
 *       (live), timeout 5 s. The plain JDK connects to the first address only; a sequential client
 *       (HttpClient5, MySQL Connector/J) gives each address the whole timeout; Happy Eyeballs
 *       should connect one attempt delay (250 ms) later. Target: ours ≤ attempt delay + 50 ms.
 *   <li>Deadline accuracy: every address blackholed, timeouts 500 ms and 2000 ms; elapsed − timeout.
 *       Target: within ±20 ms.
 *   <li>The first timeout in a fresh JVM, one sample each, for information: the cost of loading
 *       the failure path once.
 * </ol>
 *
 * <p>A blackhole is a listener with backlog 1 whose accept queue is filled by connections never
 * accepted; the kernel then drops further SYNs and a connect hangs as to a silent host. How many
 * connections that takes is measured and printed, not assumed.
 *
 * <p>Usage: {@code FallbackHarness [--reps N] [--slow-reps M]}: N repetitions of the sub-second
 * cases (default 20), M of the 5-second ones (default 2).
 */
public final class FallbackHarness {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration PROBE = Duration.ofMillis(300);
  private static final long TARGET_SLACK_MS = 50;
  private static final long DEADLINE_TOLERANCE_MS = 20;

  private final List<Socket> fillers = new ArrayList<>();
  private final List<ServerSocket> servers = new ArrayList<>();
  private final InetAddress v6;
  private final InetAddress v4;

  private FallbackHarness() throws IOException {
    byte[] loopback6 = new byte[16];
    loopback6[15] = 1;
    v6 = InetAddress.getByAddress(loopback6);
    v4 = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
  }

  public static void main(String[] args) throws Exception {
    int reps = 20;
    int slowReps = 2;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--slow-reps" -> slowReps = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: FallbackHarness [--reps N] [--slow-reps M]");
          System.exit(2);
        }
      }
    }
    int code;
    FallbackHarness h = new FallbackHarness();
    try {
      code = h.run(Math.max(1, reps), Math.max(1, slowReps));
    } finally {
      h.close();
    }
    System.exit(code);
  }

  private int run(int reps, int slowReps) throws Exception {
    System.out.printf(Locale.ROOT, "FallbackHarness: java %s (%s), %d cores, reps %d, slow reps %d%n",
        System.getProperty("java.version"), System.getProperty("java.vm.name"),
        Runtime.getRuntime().availableProcessors(), reps, slowReps);

    // (a) [::1]:p blackholed, 127.0.0.1:p live (same port: a name has one port for all its addresses).
    int p = pairedPorts(true);
    // (b) [::1]:q and 127.0.0.1:q both blackholed.
    int q = pairedPorts(false);
    InetAddress[] both = {v6, v4};
    // History off: each connect must find the dead address again, or (a) would measure the history.
    Settings he = Settings.defaults().withHistory(0, Settings.DEFAULT_HISTORY_TTL).withLog(Settings.Log.OFF)
        .withResolver(host -> Arrays.asList(both));
    Settings sequential = he.withStrategy(Settings.Strategy.SEQUENTIAL);
    long delayMs = he.attemptDelay().toMillis();
    System.out.printf(Locale.ROOT, "name -> [%s, %s] via Settings.withResolver; attempt delay %d ms%n%n",
        "::1", "127.0.0.1", delayMs);

    warmUp(he, p);
    List<Row> rows = new ArrayList<>();

    // The first timeout in a JVM pays for loading and linking the failure path (messages, string
    // concatenation bootstraps): one sample each, shown apart from the steady-state rows below.
    System.out.println("(c) first timeout in this JVM (cold failure path), 500 ms, every address blackholed");
    Row coldOurs = measure("ours, Happy Eyeballs, first timeout in this JVM", 1,
        () -> outcome(ConnectByName.with(he).connect("dead.test", q, Duration.ofMillis(500)))).minus(500);
    Row coldJdk = measure("plain JDK, first timeout in this JVM", 1, () -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(v6, q), 500);
        return "connected?!";
      }
    }).minus(500);
    warmUpFailures(he, sequential, q);

    System.out.println("(a) dead-first fallback: [::1]:" + p + " blackholed, 127.0.0.1:" + p + " live, timeout 5000 ms");
    Row jdk = measure("plain JDK: new Socket().connect([::1], 5 s)", slowReps, () -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(v6, p), (int) TIMEOUT.toMillis());
        return "connected " + s.getInetAddress().getHostAddress();
      }
    });
    rows.add(jdk.header("(a)"));
    rows.add(measure("sequential, one overall 5 s (Strategy.SEQUENTIAL)", slowReps,
        () -> outcome(ConnectByName.with(sequential).connect("fallback.test", p, TIMEOUT))).vs(jdk));
    rows.add(measure("sequential, 5 s per address (HttpClient5/MySQL C/J)", slowReps, () -> {
      SocketTimeoutException last = null;
      for (InetAddress a : both) {
        Socket s = new Socket();
        try {
          s.connect(new InetSocketAddress(a, p), (int) TIMEOUT.toMillis());
          s.close();
          return "connected " + a.getHostAddress();
        } catch (SocketTimeoutException e) {
          s.close();
          last = e;
        }
      }
      throw last;
    }).vs(jdk));
    rows.add(measure("ours: ConnectByName.open, Happy Eyeballs", reps,
        () -> outcome(ConnectByName.with(he).connect("fallback.test", p, TIMEOUT)))
        .vs(jdk).target("<= " + (delayMs + TARGET_SLACK_MS) + " ms", r -> r.p(50) <= delayMs + TARGET_SLACK_MS));
    ByNameSocketFactory factory = new ByNameSocketFactory(he.withTimeout(TIMEOUT));
    rows.add(measure("ours: ByNameSocketFactory.createSocket", reps, () -> {
      try (Socket s = factory.createSocket("fallback.test", p)) {
        return "connected " + s.getInetAddress().getHostAddress();
      }
    }).vs(jdk).target("<= " + (delayMs + TARGET_SLACK_MS) + " ms", r -> r.p(50) <= delayMs + TARGET_SLACK_MS));

    System.out.println("(d) history: the second connect to the same name goes straight to the live address");
    Settings remembering = he.withHistory(Settings.DEFAULT_HISTORY_SIZE, Settings.DEFAULT_HISTORY_TTL);
    outcome(ConnectByName.with(remembering).connect("history.test", p, TIMEOUT)); // learns: 127.0.0.1 won
    for (int i = 0; i < 500; i++) { // steady state, as JMH would measure it: both paths compiled
      outcome(ConnectByName.with(remembering).connect("history.test", p, TIMEOUT));
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(v4, p), (int) TIMEOUT.toMillis());
      }
    }
    Row live = measure("plain JDK: new Socket().connect(127.0.0.1, 5 s)", reps, () -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(v4, p), (int) TIMEOUT.toMillis());
        return "connected " + s.getInetAddress().getHostAddress();
      }
    });
    rows.add(live.header("(d)"));
    rows.add(measure("ours, history on, dead address first by the resolver", reps,
        () -> outcome(ConnectByName.with(remembering).connect("history.test", p, TIMEOUT)))
        // This harness times to 0.1 ms, too coarse for a ratio of 20 us connects: the ≤ 1.2× target
        // is checked by JMH (ConnectBench.connectHistoryDeadFirst). Here: no attempt delay is waited.
        .vs(live).target("< 10 ms: no attempt delay (ratio: JMH connectHistoryDeadFirst)",
            r -> r.p(50) < 10));

    System.out.println("(b) deadline accuracy: every address blackholed ([::1]:" + q + ", 127.0.0.1:" + q
        + "); figures are elapsed - timeout");
    for (int timeoutMs : new int[] {500, 2000}) {
      int n = timeoutMs <= 500 ? reps / 2 : Math.max(1, reps / 4);
      n = Math.max(1, n);
      Duration t = Duration.ofMillis(timeoutMs);
      Row base = measure("plain JDK, 1 address, " + timeoutMs + " ms", n, () -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(v6, q), timeoutMs);
          return "connected?!";
        }
      }).minus(timeoutMs);
      rows.add(base.header("(b) " + timeoutMs + " ms"));
      rows.add(measure("ours, Happy Eyeballs, 2 addresses, " + timeoutMs + " ms", n,
          () -> outcome(ConnectByName.with(he).connect("dead.test", q, t))).minus(timeoutMs)
          .target("±" + DEADLINE_TOLERANCE_MS + " ms", FallbackHarness::withinTolerance));
      rows.add(measure("ours, sequential, 2 addresses, " + timeoutMs + " ms", n,
          () -> outcome(ConnectByName.with(sequential).connect("dead.test", q, t))).minus(timeoutMs)
          .target("±" + DEADLINE_TOLERANCE_MS + " ms", FallbackHarness::withinTolerance));
    }

    rows.add(coldJdk.header("(c) cold"));
    rows.add(coldOurs);

    System.out.println();
    System.out.println(Row.TITLE);
    boolean allMet = true;
    for (Row r : rows) {
      System.out.println(r.line());
      allMet &= r.met();
    }
    System.out.println();
    System.out.println(allMet ? "all targets met" : "TARGET MISSED (see rows marked MISS)");
    return 0; // a missed target is a finding to report, not a failure of the harness
  }

  private static boolean withinTolerance(Row r) {
    return Math.abs(r.p(50)) <= DEADLINE_TOLERANCE_MS && Math.abs(r.p(90)) <= DEADLINE_TOLERANCE_MS;
  }

  /** A few untimed connects so that the timed ones do not pay for class loading and the first JIT. */
  private void warmUp(Settings he, int livePort) throws IOException {
    for (int i = 0; i < 3; i++) {
      try (Connection c = ConnectByName.with(he).connect("127.0.0.1", livePort, TIMEOUT)) {
        c.socket().getLocalPort();
      }
      try (Connection c = ConnectByName.with(he).connect("fallback.test", livePort, TIMEOUT)) {
        c.socket().getLocalPort();
      }
    }
  }

  /** A few untimed connects that time out, so that the timed ones find the failure path warm. */
  private static void warmUpFailures(Settings he, Settings sequential, int deadPort) {
    for (int i = 0; i < 3; i++) {
      for (Settings s : List.of(he, sequential)) {
        try (Connection c = ConnectByName.with(s).connect("dead.test", deadPort, Duration.ofMillis(50))) {
          throw new IllegalStateException("connected to a blackhole: " + c.remote());
        } catch (IOException expected) {
          // SocketTimeoutException: what the warm-up is for
        }
      }
    }
  }

  /**
   * A port p with a blackhole on [::1]:p and, on 127.0.0.1:p, a live accept-and-close server
   * ({@code live}) or a second blackhole.
   */
  private int pairedPorts(boolean live) throws IOException {
    for (int tries = 0; ; tries++) {
      ServerSocket hole6 = blackhole(new InetSocketAddress(v6, 0));
      int port = hole6.getLocalPort();
      try {
        if (live) {
          ServerSocket s = new ServerSocket();
          s.bind(new InetSocketAddress(v4, port), 4096);
          servers.add(s);
          Thread t = new Thread(() -> acceptAndClose(s), "harness-live-" + port);
          t.setDaemon(true);
          t.start();
        } else {
          blackhole(new InetSocketAddress(v4, port));
        }
        return port;
      } catch (BindException e) {
        if (tries > 20) {
          throw e;
        }
      }
    }
  }

  /** A listener with backlog 1 whose accept queue is full: found by probing, not assumed. */
  private ServerSocket blackhole(InetSocketAddress at) throws IOException {
    ServerSocket s = new ServerSocket();
    servers.add(s);
    s.bind(at, 1);
    InetSocketAddress target = new InetSocketAddress(at.getAddress(), s.getLocalPort());
    for (int filled = 0; filled < 16; filled++) {
      Socket probe = new Socket();
      long t0 = System.nanoTime();
      try {
        probe.connect(target, (int) PROBE.toMillis());
        fillers.add(probe); // queued, never accepted: it fills the queue
      } catch (SocketTimeoutException e) {
        probe.close();
        System.out.printf(Locale.ROOT, "blackhole %s: backlog 1, accept queue full after %d connections "
            + "never accepted; a further connect timed out after %.0f ms (SYN dropped)%n",
            format(target), filled, (System.nanoTime() - t0) / 1e6);
        return s;
      }
    }
    throw new IOException("Could not blackhole " + format(target) + ": 16 connections were all queued");
  }

  private static void acceptAndClose(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        s.accept().close();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static String outcome(Connection c) throws IOException {
    try (c) {
      return "connected " + c.remote().getAddress().getHostAddress();
    }
  }

  private static String format(InetSocketAddress a) {
    String host = a.getAddress().isLoopbackAddress() && a.getAddress().getAddress().length == 16
        ? "::1" : a.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /** One case: what to run, returning what happened; an exception is an outcome too. */
  @FunctionalInterface
  private interface Case {
    String run() throws Exception;
  }

  private static Row measure(String name, int n, Case c) {
    double[] ms = new double[n];
    String outcome = null;
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      String o;
      try {
        o = c.run();
      } catch (Exception e) {
        o = e.getClass().getSimpleName();
      }
      ms[i] = (System.nanoTime() - t0) / 1e6;
      outcome = outcome == null || outcome.equals(o) ? o : outcome + " / " + o;
    }
    Row r = new Row(name, ms, outcome);
    System.out.printf(Locale.ROOT, "  %-52s n=%d elapsed median %.1f ms, max %.1f ms: %s%n",
        name, n, r.p(50), r.ms[n - 1], outcome);
    return r;
  }

  private void close() {
    for (Socket s : fillers) {
      try {
        s.close();
      } catch (IOException ignored) {
        // best effort at exit
      }
    }
    for (ServerSocket s : servers) {
      try {
        s.close();
      } catch (IOException ignored) {
        // best effort at exit
      }
    }
  }

  /** One line of the table: a case's figures in milliseconds, sorted, and how they compare. */
  private static final class Row {
    static final String TITLE = String.format(Locale.ROOT, "%-10s %-52s %3s %9s %9s %9s %9s  %-8s %-16s %s",
        "group", "case", "n", "median", "p90", "min", "max", "vs JDK", "target", "outcome");

    final String name;
    final double[] ms;
    final String outcome;
    String group = "";
    Row base;
    String targetText = "";
    Predicate<Row> target;

    Row(String name, double[] ms, String outcome) {
      this.name = name;
      this.ms = ms.clone();
      Arrays.sort(this.ms);
      this.outcome = outcome;
    }

    /** Marks this row as the plain-JDK baseline of a group. */
    Row header(String group) {
      this.group = group;
      return this;
    }

    Row vs(Row baseline) {
      this.base = baseline;
      return this;
    }

    /** Shifts every figure by {@code -millis}: elapsed - timeout. */
    Row minus(double millis) {
      for (int i = 0; i < ms.length; i++) {
        ms[i] -= millis;
      }
      return this;
    }

    Row target(String text, Predicate<Row> met) {
      this.targetText = text;
      this.target = met;
      return this;
    }

    /** Nearest-rank percentile, 0 < q <= 100. */
    double p(double q) {
      int rank = (int) Math.ceil(q / 100.0 * ms.length);
      return ms[Math.max(0, Math.min(ms.length - 1, rank - 1))];
    }

    boolean met() {
      return target == null || target.test(this);
    }

    String line() {
      String ratio = base != null ? String.format(Locale.ROOT, "%.3fx", p(50) / base.p(50))
          : group.isEmpty() ? "" : "base";
      String t = target == null ? "" : targetText + (met() ? " ok" : " MISS");
      return String.format(Locale.ROOT, "%-10s %-52s %3d %9.1f %9.1f %9.1f %9.1f  %-8s %-16s %s",
          group, name, ms.length, p(50), p(90), ms[0], ms[ms.length - 1], ratio, t, outcome);
    }
  }
}
