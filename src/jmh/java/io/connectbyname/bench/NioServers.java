package io.connectbyname.bench;

import io.connectbyname.ByNameSelectorProvider;
import io.connectbyname.bench.Interleaved.Goal;
import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * {@link NioHarness}'s servers and clients: each slice measures requests/s and CPU µs per request
 * (measures 0 and 1) of the side whose provider differs, under the same load.
 */
final class NioServers {
  /** Keep-alive connections of the load: enough that one select finds several ready. */
  private static final int CONNECTIONS = 4;
  /**
   * A child JVM warms up this many times longer than the rest: the JDK's HttpClient takes 3 to 5 s
   * of sends here before its rate settles (a fresh JVM compiles its whole stack).
   */
  private static final int CHILD_WARMUP = 5;

  private NioServers() {}

  /** The selector-loop server here, on each provider's selector: the server thread's CPU. */
  static void selectorServer(NioHarness h) throws Exception {
    try (SelectorHttpServer jdk = new SelectorHttpServer(h.jdk().openSelector(), h.loopback(), "jdk");
        SelectorHttpServer ours = new SelectorHttpServer(h.ours().openSelector(), h.loopback(), "by-name");
        HttpLoad jdkLoad = new HttpLoad(h.loopback(), jdk.port(), CONNECTIONS);
        HttpLoad oursLoad = new HttpLoad(h.loopback(), ours.port(), CONNECTIONS)) {
      Interleaved r = Interleaved.run(h.rounds(), h.warmup(), h.sliceNanos(),
          n -> slice(jdkLoad, jdk::cpuNanos, n), n -> slice(oursLoad, ours::cpuNanos, n));
      h.row(r, "selector-loop HTTP server (requests/s)", 0, Goal.AT_LEAST, 0.97);
      h.row(r, "selector-loop HTTP server (us CPU/request)", 1, Goal.AT_MOST, 1.03);
    }
  }

  /** {@code com.sun.net.httpserver} in child JVMs, one per provider: the server JVM's threads' CPU. */
  static void httpServer(NioHarness h) throws Exception {
    Interleaved all = null;
    for (int pair = 0; pair < h.pairs(); pair++) {
      try (NioChild jdk = child(false, "httpserver");
          NioChild ours = child(true, "httpserver");
          HttpLoad jdkLoad = new HttpLoad(h.loopback(), jdk.port(), CONNECTIONS);
          HttpLoad oursLoad = new HttpLoad(h.loopback(), ours.port(), CONNECTIONS)) {
        Interleaved r = Interleaved.run(share(h, pair), CHILD_WARMUP * h.warmup(), h.sliceNanos(),
            n -> slice(jdkLoad, () -> cpu(jdk), n), n -> slice(oursLoad, () -> cpu(ours), n));
        all = all == null ? r : all.and(r);
      }
    }
    h.row(all, "com.sun.net.httpserver, " + h.pairs() + " JVM pairs (requests/s)", 0, Goal.AT_LEAST, 0.97);
    h.row(all, "com.sun.net.httpserver (us CPU/request)", 1, Goal.AT_MOST, 1.03);
  }

  /** The JDK's {@code HttpClient} in child JVMs, one per provider, to the selector-loop server here. */
  static void httpClient(NioHarness h, String name) throws Exception {
    String host = name.split(" ")[0];
    Interleaved all = null;
    try (SelectorHttpServer server = new SelectorHttpServer(h.jdk().openSelector(), h.loopback(), "for-client")) {
      String url = "http://" + host + ":" + server.port() + "/bench";
      for (int pair = 0; pair < h.pairs(); pair++) {
        try (NioChild jdk = child(false, "httpclient", url);
            NioChild ours = child(true, "httpclient", url)) {
          Interleaved r = Interleaved.run(share(h, pair), CHILD_WARMUP * h.warmup(), h.sliceNanos(),
              n -> clientSlice(jdk, n), n -> clientSlice(ours, n));
          all = all == null ? r : all.and(r);
        }
      }
    }
    h.row(all, "HttpClient GET " + host + ", " + h.pairs() + " JVM pairs (requests/s)", 0, Goal.NONE, 0);
    h.row(all, "HttpClient (us CPU/request, client JVM)", 1, Goal.NONE, 0);
  }

  /** The rounds of pair {@code pair}: the rounds shared out, the first pairs taking any left over. */
  private static int share(NioHarness h, int pair) {
    return h.rounds() / h.pairs() + (pair < h.rounds() % h.pairs() ? 1 : 0);
  }

  private static NioChild child(boolean byName, String... args) throws IOException {
    NioChild c = NioChild.start(byName, args);
    boolean ours = c.provider().equals(ByNameSelectorProvider.class.getName());
    if (ours != byName) {
      c.close();
      throw new IOException("child JVM's provider is " + c.provider() + ", not the one asked for");
    }
    return c;
  }

  private static long cpu(NioChild child) {
    try {
      return Long.parseLong(child.ask("cpu"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Load for about {@code nanos}: requests/s, and the CPU µs per request {@code cpu} counts meanwhile. */
  private static double[] slice(HttpLoad load, LongSupplier cpu, long nanos) throws IOException {
    long c0 = cpu.getAsLong();
    long t0 = System.nanoTime();
    long n = load.runFor(nanos);
    long t1 = System.nanoTime();
    long c1 = cpu.getAsLong();
    return new double[] {n * 1e9 / (t1 - t0), (c1 - c0) / 1e3 / n};
  }

  private static double[] clientSlice(NioChild child, long nanos) throws IOException {
    long t0 = System.nanoTime();
    String[] r = child.ask("run " + nanos).split(" ");
    long t1 = System.nanoTime();
    long n = Long.parseLong(r[0]);
    return new double[] {n * 1e9 / (t1 - t0), Long.parseLong(r[1]) / 1e3 / n};
  }
}
