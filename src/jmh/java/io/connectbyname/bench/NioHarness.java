package io.connectbyname.bench;

import io.connectbyname.ByNameSelectorProvider;
import io.connectbyname.bench.Interleaved.Goal;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The NIO side of the library against the JDK's own provider, each case in one run, interleaved in
 * short slices ({@link Interleaved}); this JVM keeps the JDK's provider JVM-wide and holds a
 * {@link ByNameSelectorProvider} beside it, whose channels and selectors are what the JVM-wide one
 * would make. Parts ({@code --parts}, all by default):
 *
 * <ol>
 *   <li>{@code connect}: blocking {@code SocketChannel.open(addr)} + close to a loopback literal
 *       and to a one-address name; the thread's CPU time per connect (target ≤ 1.10×).
 *   <li>{@code data}: a client channel's 64 KiB write and read (MiB/s, ≥ 0.97×) and 1-byte
 *       ping-pong (µs per round trip, ≤ 1.03×), a new pair of connections every two rounds, as in
 *       {@link DataPathHarness}; run pinned to one CPU, as that is (bench/run does).
 *   <li>{@code transfer}: {@code FileChannel.transferTo} of a 1 MiB file into the channel (MiB/s,
 *       no target: the JDK's sendfile path is taken only for the JDK's own channel classes).
 *   <li>{@code server}: a selector-loop HTTP server ({@link SelectorHttpServer}) on each provider's
 *       selector under the same load ({@link HttpLoad}): requests/s (≥ 0.97×) and the server
 *       thread's CPU per request (≤ 1.03×).
 *   <li>{@code httpserver}: {@code com.sun.net.httpserver} in two child JVMs, one with each
 *       provider JVM-wide ({@link NioChild}), the same load: requests/s and CPU per request.
 *   <li>{@code httpclient}: the JDK's {@code HttpClient} in two child JVMs likewise, sending GETs
 *       to the selector-loop server here: requests/s and CPU per request (no target given).
 * </ol>
 *
 * The child JVMs run in {@code --jvm-pairs} pairs one after the other, the rounds shared out.
 *
 * <p>Usage: {@code NioHarness [--rounds N] [--slice-ms M] [--warmup-ms W] [--jvm-pairs P]
 * [--parts connect,data,...]} (defaults 20, 100, 1000, 2, all).
 */
public final class NioHarness {
  private static final List<String> PARTS = List.of("connect", "data", "transfer", "server", "httpserver", "httpclient");
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final int rounds;
  private final long sliceNanos;
  private final int warmup;
  private final int pairs;
  private final InetAddress loopback;
  private final SelectorProvider jdk = SelectorProvider.provider();
  private final SelectorProvider ours = new ByNameSelectorProvider();
  private boolean met = true;

  private NioHarness(int rounds, long sliceMillis, long warmupMillis, int pairs) throws IOException {
    this.rounds = rounds;
    this.sliceNanos = sliceMillis * 1_000_000L;
    this.warmup = (int) Math.max(1, warmupMillis / sliceMillis);
    this.pairs = pairs;
    this.loopback = InetAddress.getByName("127.0.0.1");
  }

  public static void main(String[] args) throws Exception {
    int rounds = 20;
    long sliceMillis = 100;
    long warmupMillis = 1000;
    int pairs = 2;
    Set<String> parts = Set.copyOf(PARTS);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--slice-ms" -> sliceMillis = Long.parseLong(args[++i]);
        case "--warmup-ms" -> warmupMillis = Long.parseLong(args[++i]);
        case "--jvm-pairs" -> pairs = Integer.parseInt(args[++i]);
        case "--parts" -> parts = Set.of(args[++i].split(","));
        default -> {
          System.err.println("usage: NioHarness [--rounds N] [--slice-ms M] [--warmup-ms W] [--jvm-pairs P]"
              + " [--parts " + String.join(",", PARTS) + "]");
          System.exit(2);
        }
      }
    }
    if (!PARTS.containsAll(parts)) {
      System.err.println("NioHarness: --parts takes some of " + String.join(",", PARTS) + ", not " + parts);
      System.exit(2);
    }
    NioHarness h = new NioHarness(Math.max(2, rounds), Math.max(1, sliceMillis), Math.max(0, warmupMillis),
        Math.max(1, Math.min(pairs, rounds / 2)));
    h.run(parts); // a missed target is reported, not a failure: the figures are the output
    System.exit(0); // whatever threads the children's pipes or the JDK left
  }

  private void run(Set<String> parts) throws Exception {
    String name = oneAddressName();
    System.out.printf(Locale.ROOT, "NioHarness: java %s, %d rounds of %d ms slices, JDK and by-name alternating,"
        + " %d warm-up slices each; %d CPUs available to this JVM; the JDK's provider %s; one-address name %s%n",
        System.getProperty("java.version"), rounds, sliceNanos / 1_000_000, warmup,
        Runtime.getRuntime().availableProcessors(), jdk.getClass().getName(), name);
    Interleaved.header();
    for (String part : PARTS) {
      if (parts.contains(part)) {
        switch (part) {
          case "connect" -> connect(name);
          case "data" -> new NioDataPath(this).run();
          case "transfer" -> new NioDataPath(this).transfer();
          case "server" -> NioServers.selectorServer(this);
          case "httpserver" -> NioServers.httpServer(this);
          case "httpclient" -> NioServers.httpClient(this, name);
          default -> throw new IllegalStateException(part);
        }
      }
    }
    System.out.println(met ? "NIO targets met" : "NIO target MISSED (rows marked MISS)");
  }

  int rounds() {
    return rounds;
  }

  long sliceNanos() {
    return sliceNanos;
  }

  int warmup() {
    return warmup;
  }

  int pairs() {
    return pairs;
  }

  InetAddress loopback() {
    return loopback;
  }

  SelectorProvider jdk() {
    return jdk;
  }

  SelectorProvider ours() {
    return ours;
  }

  /** Prints a row of {@code result} and keeps whether its target is met. */
  void row(Interleaved result, String name, int measure, Goal goal, double target) {
    met &= result.row(name, measure, goal, target);
  }

  /** "localhost" when it has one address (a name the race connects at once), else says so. */
  private static String oneAddressName() throws IOException {
    InetAddress[] all = InetAddress.getAllByName("localhost");
    return all.length == 1 ? "localhost" : "localhost (" + all.length + " addresses here: not one)";
  }

  // ---- 1. connect + close ----

  private void connect(String name) throws Exception {
    String host = name.split(" ")[0];
    try (ClosingServers servers = new ClosingServers(loopback, ConnectBench.PORTS)) {
      int[] ports = servers.ports();
      Interleaved literal = Interleaved.run(rounds, warmup, sliceNanos,
          n -> connects(jdk, ports, n, p -> new InetSocketAddress(loopback, p)),
          n -> connects(ours, ports, n, p -> new InetSocketAddress(loopback, p)));
      row(literal, "SocketChannel.open(literal)+close (us CPU)", 0, Goal.AT_MOST, 1.10);
      Interleaved byName = Interleaved.run(rounds, warmup, sliceNanos,
          n -> connects(jdk, ports, n, p -> new InetSocketAddress(host, p)),
          n -> connects(ours, ports, n, p -> new InetSocketAddress(host, p)));
      row(byName, "SocketChannel.open(" + host + ")+close (us CPU)", 0, Goal.AT_MOST, 1.10);
    }
  }

  /** A server address for a port, made anew for each connect as a caller would. */
  private interface Address {
    SocketAddress of(int port);
  }

  /** Connects and closes for about {@code nanos}, the ports in turn; the thread's CPU per connect in µs. */
  private static double[] connects(SelectorProvider provider, int[] ports, long nanos, Address address)
      throws IOException {
    long cpu = THREADS.getCurrentThreadCpuTime();
    long end = System.nanoTime() + nanos;
    long n = 0;
    do {
      open(provider, address.of(ports[(int) (n % ports.length)])).close();
      n++;
    } while (System.nanoTime() - end < 0);
    return new double[] {(THREADS.getCurrentThreadCpuTime() - cpu) / 1e3 / n};
  }

  /** {@code SocketChannel.open(remote)} of {@code provider}: as the JDK's static method does it. */
  static SocketChannel open(SelectorProvider provider, SocketAddress remote) throws IOException {
    SocketChannel ch = provider.openSocketChannel();
    try {
      ch.connect(remote);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return ch;
  }

  /** A file of {@code size} bytes, deleted when this JVM ends. */
  static Path tempFile(int size) throws IOException {
    Path file = Files.createTempFile("nio-harness", ".bin");
    file.toFile().deleteOnExit();
    byte[] bytes = new byte[size];
    new java.util.Random(12).nextBytes(bytes);
    Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
    return file;
  }

  /** A connected channel of {@code provider}'s to {@code port} on the loopback literal, with TCP_NODELAY. */
  SocketChannel channel(SelectorProvider provider, int port) throws IOException {
    SocketChannel ch = open(provider, new InetSocketAddress(loopback, port));
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    return ch;
  }

  /** Reads {@code file} into the channel to its end with {@code transferTo}. */
  static void transferAll(FileChannel file, SocketChannel ch) throws IOException {
    long size = file.size();
    for (long pos = 0; pos < size; ) {
      pos += file.transferTo(pos, size - pos, ch);
    }
  }

  /** Writes all of {@code buf} (from its position) to the channel. */
  static void writeAll(SocketChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }
}
