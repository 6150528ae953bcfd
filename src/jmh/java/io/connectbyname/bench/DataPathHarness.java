package io.connectbyname.bench;

import io.connectbyname.ByNameSocketFactory;
import io.connectbyname.bench.DataPathBench.Link;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Locale;

/**
 * The data path, plain {@link Socket} against a socket from {@link ByNameSocketFactory}, measured
 * interleaved: short slices of each, alternating, many rounds, in one JVM. {@link DataPathBench}
 * (JMH) runs one method for seconds and then the other, so on a shared machine a drift between
 * the two runs (another process, the CPU's clock) shows up as a difference of several percent,
 * larger than the targets; here both variants see the same drift, and the ratio is the median of
 * each round's ratio.
 *
 * <p>Rows: 64 KiB bulk write and read (throughput, target ≥ 0.97× plain) and a 1-byte ping-pong
 * (time per round trip, target ≤ 1.03× plain).
 *
 * <p>Usage: {@code DataPathHarness [--rounds N] [--slice-ms M]} (defaults 40 and 100).
 */
public final class DataPathHarness {
  private static final double BULK_TARGET = 0.97;
  private static final double PING_TARGET = 1.03;

  private final byte[] chunk = new byte[LoopbackServer.CHUNK];
  private final byte[] one = new byte[1];

  private DataPathHarness() {}

  /** One kind of operation on a link. */
  private interface Op {
    void run(Link link) throws IOException;
  }

  public static void main(String[] args) throws Exception {
    int rounds = 40;
    long sliceMillis = 100;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--slice-ms" -> sliceMillis = Long.parseLong(args[++i]);
        default -> {
          System.err.println("usage: DataPathHarness [--rounds N] [--slice-ms M]");
          System.exit(2);
        }
      }
    }
    new DataPathHarness().run(Math.max(1, rounds), Math.max(1, sliceMillis) * 1_000_000L);
  }

  private void run(int rounds, long sliceNanos) throws IOException {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    ByNameSocketFactory factory = new ByNameSocketFactory();
    System.out.printf(Locale.ROOT, "DataPathHarness: java %s, %d rounds of %d ms slices, plain and by-name"
        + " alternating (the first of each round alternates too); %d CPUs available to this JVM%n",
        System.getProperty("java.version"), rounds, sliceNanos / 1_000_000,
        Runtime.getRuntime().availableProcessors());
    System.out.println(String.format(Locale.ROOT, "%-34s %12s %12s %8s %8s %8s  %s",
        "case", "plain", "by name", "ratio", "p25", "p75", "target"));
    boolean met = true;
    try (LoopbackServer discard = new LoopbackServer(loopback, 0, LoopbackServer.Mode.DISCARD);
        LoopbackServer source = new LoopbackServer(loopback, 0, LoopbackServer.Mode.SOURCE);
        LoopbackServer echo = new LoopbackServer(loopback, 0, LoopbackServer.Mode.ECHO)) {
      met &= row("64 KiB bulk write (MiB/s)", true, rounds, sliceNanos, discard, factory, l -> l.out.write(chunk));
      met &= row("64 KiB bulk read (MiB/s)", true, rounds, sliceNanos, source, factory, this::readChunk);
      met &= row("1-byte ping-pong (us per round trip)", false, rounds, sliceNanos, echo, factory, this::pingPong);
    }
    System.out.println(met ? "data-path targets met" : "data-path target MISSED (rows marked MISS)");
  }

  /**
   * Measures one case against {@code server}, a plain socket and one from {@code factory}, and
   * prints its row.
   *
   * @param bulk true: throughput in MiB/s, higher is better; false: microseconds per op
   * @return whether the target is met
   */
  private boolean row(String name, boolean bulk, int rounds, long sliceNanos, LoopbackServer server,
      ByNameSocketFactory factory, Op op) throws IOException {
    double[] plainRates = new double[rounds];
    double[] byNameRates = new double[rounds];
    double[] ratios = new double[rounds];
    // A new pair of connections every two rounds, made in alternating order: an A/A run
    // (-Ddatapath.aa=true, two plain sockets) shows two connections of the same kind differing by
    // up to 15% in bulk writes for as long as they live (the kernel tunes each connection's buffers
    // from its own history), wider than the targets; over many pairs that evens out.
    int pairs = (rounds + 1) / 2;
    for (int pair = 0; pair < pairs; pair++) {
      boolean plainMadeFirst = pair % 2 == 0;
      Socket p = null;
      Socket b = null;
      try {
        if (plainMadeFirst) {
          p = plainSocket(server);
          b = byNameSocket(server, factory);
        } else {
          b = byNameSocket(server, factory);
          p = plainSocket(server);
        }
        Link plain = new Link(p);
        Link byName = new Link(b);
        // warm-up: a second of each, compiled before any slice counts; then the new connections' start
        for (int i = 0; i < (pair == 0 ? 10 : 2); i++) {
          slice(plain, op, sliceNanos);
          slice(byName, op, sliceNanos);
        }
        for (int r = 2 * pair; r < Math.min(rounds, 2 * pair + 2); r++) {
          boolean plainFirst = r % 2 == 0;
          double first = slice(plainFirst ? plain : byName, op, sliceNanos);
          double second = slice(plainFirst ? byName : plain, op, sliceNanos);
          plainRates[r] = plainFirst ? first : second;
          byNameRates[r] = plainFirst ? second : first;
          ratios[r] = bulk ? byNameRates[r] / plainRates[r] : plainRates[r] / byNameRates[r];
        }
      } finally {
        if (p != null) {
          p.close();
        }
        if (b != null) {
          b.close();
        }
      }
    }
    double perOp = bulk ? LoopbackServer.CHUNK / (1024.0 * 1024.0) : 0;
    double plainValue = bulk ? Median.of(plainRates) * perOp : 1e6 / Median.of(plainRates);
    double byNameValue = bulk ? Median.of(byNameRates) * perOp : 1e6 / Median.of(byNameRates);
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    double ratio = Median.of(ratios);
    boolean ok = bulk ? ratio >= BULK_TARGET : ratio <= PING_TARGET;
    System.out.println(String.format(Locale.ROOT, "%-34s %12.2f %12.2f %7.3fx %7.3fx %7.3fx  %s", name,
        plainValue, byNameValue, ratio, sorted[sorted.length / 4], sorted[(3 * sorted.length) / 4],
        (bulk ? ">= " + BULK_TARGET : "<= " + PING_TARGET) + "x " + (ok ? "ok" : "MISS")));
    return ok;
  }

  private static Socket plainSocket(LoopbackServer server) throws IOException {
    return new Socket(InetAddress.getByName("127.0.0.1"), server.port());
  }

  /** A by-name socket; with {@code -Ddatapath.aa=true} a plain one, for an A/A run that shows the harness's own bias. */
  private static Socket byNameSocket(LoopbackServer server, ByNameSocketFactory factory) throws IOException {
    return Boolean.getBoolean("datapath.aa") ? plainSocket(server) : factory.createSocket("127.0.0.1", server.port());
  }

  /** Runs {@code op} on {@code link} for about {@code nanos}; returns operations per second. */
  private static double slice(Link link, Op op, long nanos) throws IOException {
    long start = System.nanoTime();
    long end = start + nanos;
    long ops = 0;
    long now;
    do {
      op.run(link);
      ops++;
      now = System.nanoTime();
    } while (now < end);
    return ops * 1e9 / (now - start);
  }

  private void readChunk(Link link) throws IOException {
    int off = 0;
    while (off < chunk.length) {
      int n = link.in.read(chunk, off, chunk.length - off);
      if (n < 0) {
        throw new EOFException("source server went away");
      }
      off += n;
    }
  }

  private void pingPong(Link link) throws IOException {
    one[0]++;
    link.out.write(one, 0, 1);
    if (link.in.read(one, 0, 1) != 1) {
      throw new EOFException("echo server went away");
    }
  }
}
