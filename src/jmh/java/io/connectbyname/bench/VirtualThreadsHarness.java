package io.connectbyname.bench;

import io.connectbyname.ByNameSocketFactory;
import io.connectbyname.ByNameConnector;
import io.connectbyname.ConnectByName;
import io.connectbyname.Connection;
import io.connectbyname.Settings;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many concurrent connects from virtual threads (JDK 21+) to a loopback server, every connect
 * held open until all have connected, so that all are in flight or alive at once:
 *
 * <ul>
 *   <li>plain JDK {@code new Socket().connect(127.0.0.1:p, timeout)} — the baseline;
 *   <li>{@code ConnectByName.connect("127.0.0.1", p, timeout)} — the single-address fast path;
 *   <li>{@code ConnectByName} to a name resolving to {@code [127.0.0.1 (live), 127.0.0.2 (refused)]}
 *       — two candidates, so the race path (non-blocking channels on a Selector) runs;
 *   <li>a factory socket: {@code new ByNameSocketFactory(...).createSocket()} then
 *       {@code connect(127.0.0.1:p, timeout)}.
 * </ul>
 *
 * <p>For each: connects/s (first submit to last connect), the heap retained per connect while all
 * are held (used heap after GC, held minus before, divided by the count; the virtual thread, its
 * parked stack and the socket are in every variant's figure, so the difference from the JDK
 * baseline is what the library keeps beside the socket: target ≤ 2 KB), and the platform threads
 * that appeared during the variant (target: none but the JDK's own carriers and pollers, which the
 * baseline starts too).
 *
 * <p>The server runs in a child JVM ({@code --server}) so that the client's descriptors are its
 * sockets only: 10,000 connects hold 20,000 descriptors across both ends, and this machine's
 * {@code ulimit -n} is 20,000 per process. The count is still lowered if the client's own limit
 * would not fit it, and says so.
 *
 * <p>Compiled for release 17: the virtual-thread executor is looked up by reflection; on 17 the
 * harness prints a note and exits 0.
 *
 * <p>Usage: {@code VirtualThreadsHarness [--count N] [--rounds R]} (default 10000, 2).
 */
public final class VirtualThreadsHarness {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final long TARGET_BYTES = 2048;

  private VirtualThreadsHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--server")) {
      server();
      return;
    }
    int count = 10_000;
    int rounds = 2;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--count" -> count = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: VirtualThreadsHarness [--count N] [--rounds R]");
          System.exit(2);
        }
      }
    }
    if (Runtime.version().feature() < 21) {
      System.out.println("VirtualThreadsHarness: skipped, java " + System.getProperty("java.version")
          + " has no virtual threads (run bench/run on JDK 21+)");
      return;
    }
    System.exit(new VirtualThreadsHarness().run(count, Math.max(1, rounds)));
  }

  /** One way to connect; returns what the virtual thread holds until released. */
  @FunctionalInterface
  private interface Connect {
    Closeable open(int port) throws IOException;
  }

  private int run(int requested, int rounds) throws Exception {
    int count = fitDescriptors(requested);
    System.out.printf(Locale.ROOT, "VirtualThreadsHarness: java %s (%s), %d cores, %d concurrent connects "
            + "from virtual threads, %d rounds, server in a child JVM%n",
        System.getProperty("java.version"), System.getProperty("java.vm.name"),
        Runtime.getRuntime().availableProcessors(), count, rounds);

    InetAddress v4 = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    InetAddress v4b = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    Settings two = Settings.defaults().withLog(Settings.Log.OFF).withResolver(host -> List.of(v4, v4b));
    ByNameConnector twoAddresses = ConnectByName.with(two);
    ByNameSocketFactory factory = new ByNameSocketFactory(Settings.defaults().withTimeout(TIMEOUT));
    int timeoutMs = (int) TIMEOUT.toMillis();

    Map<String, Connect> variants = new LinkedHashMap<>();
    variants.put("plain JDK: new Socket().connect(127.0.0.1)", port -> {
      Socket s = new Socket();
      s.connect(new InetSocketAddress(v4, port), timeoutMs);
      return s;
    });
    variants.put("ConnectByName.connect(\"127.0.0.1\")", port -> ConnectByName.connect("127.0.0.1", port, TIMEOUT));
    variants.put("ConnectByName, name -> [127.0.0.1, 127.0.0.2] (race)",
        port -> twoAddresses.connect("two.test", port, TIMEOUT));
    variants.put("factory: createSocket() + connect(127.0.0.1)", port -> {
      Socket s = factory.createSocket();
      s.connect(new InetSocketAddress(v4, port), timeoutMs);
      return s;
    });

    Map<String, List<double[]>> results = new LinkedHashMap<>();
    Map<String, Set<String>> foreignThreads = new LinkedHashMap<>();
    try (ServerChild server = new ServerChild()) {
      // Warm-up: class loading, JIT, the JDK's carriers and pollers, all started before measuring.
      for (Map.Entry<String, Connect> v : variants.entrySet()) {
        round(server, Math.min(500, count), v.getValue(), null);
      }
      for (int r = 0; r < rounds; r++) {
        for (Map.Entry<String, Connect> v : variants.entrySet()) {
          Set<String> newThreads = new HashSet<>();
          double[] m = round(server, count, v.getValue(), newThreads);
          results.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(m);
          foreignThreads.computeIfAbsent(v.getKey(), k -> new HashSet<>());
          for (String t : newThreads) {
            if (!jdkThread(t)) {
              foreignThreads.get(v.getKey()).add(t);
            }
          }
          System.out.printf(Locale.ROOT, "  round %d %-52s %8.0f connects/s, %7.0f B heap/connect, "
                  + "failed %.0f, new platform threads: %s%n",
              r + 1, v.getKey(), m[0], m[1], m[2], newThreads.isEmpty() ? "none" : newThreads);
        }
      }
    }

    System.out.println();
    System.out.println(String.format(Locale.ROOT, "%-52s %6s %12s %14s %12s %8s  %-28s %s", "case (" + count
        + " concurrent, virtual threads)", "rounds", "connects/s", "heap/connect", "vs JDK heap", "vs JDK",
        "target", "platform threads not the JDK's"));
    double[] base = null;
    boolean allMet = true;
    for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
      double rate = median(e.getValue(), 0);
      double heap = median(e.getValue(), 1);
      double failed = e.getValue().stream().mapToDouble(m -> m[2]).sum();
      Set<String> foreign = foreignThreads.get(e.getKey());
      String extra;
      String ratio;
      String target;
      if (base == null) {
        base = new double[] {rate, heap};
        extra = "base";
        ratio = "base";
        target = "";
      } else {
        double beside = heap - base[1];
        boolean ok = beside <= TARGET_BYTES && foreign.isEmpty() && failed == 0;
        allMet &= ok;
        extra = String.format(Locale.ROOT, "%+.0f B", beside);
        ratio = String.format(Locale.ROOT, "%.3fx", rate / base[0]);
        target = "<= 2 KB, no thread " + (ok ? "ok" : "MISS");
      }
      System.out.println(String.format(Locale.ROOT, "%-52s %6d %12.0f %12.0f B %12s %8s  %-28s %s%s",
          e.getKey(), e.getValue().size(), rate, heap, extra, ratio, target,
          foreign.isEmpty() ? "none" : foreign, failed == 0 ? "" : " FAILED CONNECTS: " + (long) failed));
    }
    System.out.println("connects/s and heap are medians over the rounds; heap/connect = (used heap after GC with all "
        + "held - before) / count, the virtual thread and the socket included");
    System.out.println(allMet ? "all targets met" : "TARGET MISSED (see rows marked MISS)");
    return 0;
  }

  /**
   * One round: {@code count} virtual threads each connect and hold; returns {connects/s, heap bytes
   * per connect, failures}. Adds to {@code newThreads} the platform threads that appeared.
   */
  private static double[] round(ServerChild server, int count, Connect connect, Set<String> newThreads)
      throws Exception {
    int port = server.listen();
    Set<Thread> before = platformThreads();
    long heapBefore = usedAfterGc();
    CountDownLatch connected = new CountDownLatch(count);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    long t0;
    long t1;
    long heapHeld;
    ExecutorService vts = newVirtualThreadPerTaskExecutor(); // not AutoCloseable in release 17
    try {
      t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        vts.submit(() -> {
          Closeable held = null;
          try {
            held = connect.open(port);
          } catch (Throwable e) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, e);
          }
          connected.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (held != null) {
            try {
              held.close();
            } catch (IOException ignored) {
              // closing at the end of the round
            }
          }
          return null;
        });
      }
      if (!connected.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("connects not done after 5 minutes: " + connected.getCount() + " left");
      }
      t1 = System.nanoTime();
      heapHeld = usedAfterGc();
      if (newThreads != null) {
        for (Thread t : platformThreads()) {
          if (!before.contains(t)) {
            newThreads.add(t.getName() + " (" + t.getClass().getName() + ")");
          }
        }
      }
    } finally {
      release.countDown();
      vts.shutdown();
      if (!vts.awaitTermination(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException("virtual threads still running 2 minutes after release");
      }
    }
    server.endRound();
    if (firstFailure.get() != null) {
      System.out.println("  first failure: " + firstFailure.get());
    }
    return new double[] {count / ((t1 - t0) / 1e9), (double) (heapHeld - heapBefore) / count, failed.get()};
  }

  /** The JDK's own threads: virtual-thread carriers, I/O pollers, the unparker, cleaners. */
  private static boolean jdkThread(String description) {
    return description.contains("jdk.internal.misc.CarrierThread") || description.contains("Poller")
        || description.startsWith("VirtualThread-") || description.startsWith("ForkJoinPool")
        || description.startsWith("Common-Cleaner") || description.startsWith("Attach Listener")
        || description.startsWith("process reaper");
  }

  /** Platform threads only: getAllStackTraces does not list virtual threads. */
  private static Set<Thread> platformThreads() {
    return new HashSet<>(Thread.getAllStackTraces().keySet());
  }

  /** Used heap after GC (Runtime, not the management beans: the bench classes are patched into
   * the library's module, which reads neither java.management nor java.instrument). */
  private static long usedAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  private static ExecutorService newVirtualThreadPerTaskExecutor() throws ReflectiveOperationException {
    return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
  }

  private static double median(List<double[]> rows, int column) {
    return Median.of(rows.stream().mapToDouble(m -> m[column]).toArray());
  }

  /** Lowers the count if this process's descriptor limit would not hold it, and says so (Linux /proc). */
  private static int fitDescriptors(int requested) throws IOException {
    Path limits = Path.of("/proc/self/limits");
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isReadable(limits) || !Files.isDirectory(fds)) {
      return requested;
    }
    long max = -1;
    for (String line : Files.readAllLines(limits)) {
      if (line.startsWith("Max open files")) {
        max = Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
      }
    }
    long open;
    try (var list = Files.list(fds)) {
      open = list.count();
    }
    long room = max - open - 256;
    if (max > 0 && room < requested) {
      System.out.printf(Locale.ROOT, "NOTE: descriptor limit %d (ulimit -n), %d open: count lowered from %d to %d%n",
          max, open, requested, room);
      return (int) Math.max(1, room);
    }
    return requested;
  }

  /** The loopback server in a child JVM, driven by lines on its stdin. */
  private static final class ServerChild implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintStream in;

    ServerChild() throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          VirtualThreadsHarness.class.getName(), "--server")
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    int listen() throws IOException {
      return Integer.parseInt(command("listen"));
    }

    void endRound() throws IOException {
      command("close");
    }

    private String command(String c) throws IOException {
      in.println(c);
      String line = out.readLine();
      if (line == null) {
        throw new IOException("server child exited");
      }
      return line;
    }

    @Override
    public void close() throws IOException {
      if (process.isAlive()) {
        in.close();
        try {
          process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        process.destroy();
      }
    }
  }

  /**
   * The child: "listen" opens a listener on 127.0.0.1 (backlog 65535, capped by somaxconn) whose
   * acceptor keeps every connection open and prints its port; "close" closes the listener and every
   * accepted connection. A fresh port per round keeps one round's TIME_WAIT entries out of the next.
   */
  private static void server() throws IOException {
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    ServerSocketChannel listener = null;
    List<SocketChannel> accepted = new ArrayList<>();
    Thread acceptor = null;
    for (String c; (c = commands.readLine()) != null; ) {
      if (c.equals("listen")) {
        ServerSocketChannel l = ServerSocketChannel.open();
        l.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        l.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 65535);
        listener = l;
        List<SocketChannel> into = accepted;
        acceptor = new Thread(() -> {
          try {
            while (true) {
              SocketChannel s = l.accept();
              synchronized (into) {
                into.add(s);
              }
            }
          } catch (IOException closed) {
            // the listener was closed: end of the round
          }
        }, "vt-harness-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        System.out.println(((InetSocketAddress) l.getLocalAddress()).getPort());
      } else if (c.equals("close")) {
        if (listener != null) {
          listener.close();
          try {
            acceptor.join(10_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        int n;
        synchronized (accepted) {
          n = accepted.size();
          for (SocketChannel s : accepted) {
            s.close();
          }
          accepted.clear();
        }
        System.out.println(n);
      }
    }
  }
}
