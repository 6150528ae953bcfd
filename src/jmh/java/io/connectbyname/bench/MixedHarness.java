package io.connectbyname.bench;

import io.connectbyname.ByNameSocketFactory;
import io.connectbyname.internal.socket.ByNameSocketImpl;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Both kinds of socket in one JVM, as under the java agent (a server's accepted sockets are the
 * JDK's, its clients by name): blocks of plain {@code new Socket(addr, port).close()} alternate
 * with blocks of {@code factory.createSocket("127.0.0.1", port).close()}, the server holding every
 * accepted socket until the end of the round. JMH runs each kind alone, where the JIT compiles each
 * call site for one kind of socket; here the same {@code java.net.Socket} code sees both, as it does
 * in a real JVM. Reported: the thread CPU time per connect + close of each, and the median of each
 * round's ratio (target ≤ 1.10×).
 *
 * <p>Usage: {@code MixedHarness [--rounds N] [--block B]} (defaults 20 and 2000).
 */
public final class MixedHarness {
  private static final double TARGET = 1.10;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private MixedHarness() {}

  public static void main(String[] args) throws Exception {
    int rounds = 20;
    int block = 2000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--block" -> block = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: MixedHarness [--rounds N] [--block B]");
          System.exit(2);
        }
      }
    }
    run(Math.max(2, rounds), Math.max(1, block));
  }

  private static void run(int rounds, int block) throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    ByNameSocketFactory factory = new ByNameSocketFactory();
    System.out.printf(Locale.ROOT, "MixedHarness: java %s, %d rounds of %d plain then %d by-name connects"
        + " (the first of each round alternates), accepted sockets held to the round's end; by-name"
        + " sockets held by %s%n", System.getProperty("java.version"), rounds, block, block,
        ByNameSocketImpl.usesJdkImplementation() ? "the JDK's own implementation"
            : "the channel's adaptor (" + ByNameSocketImpl.whyNotJdkImplementation() + ")");
    try (Holder server = new Holder(loopback)) {
      int port = server.port();
      for (int i = 0; i < 3; i++) { // warm-up: both kinds compiled before any round counts
        block(() -> new Socket(loopback, port).close(), block);
        block(() -> factory.createSocket("127.0.0.1", port).close(), block);
        server.release();
      }
      double[] plain = new double[rounds];
      double[] byName = new double[rounds];
      double[] ratios = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        boolean plainFirst = r % 2 == 0;
        if (plainFirst) {
          plain[r] = block(() -> new Socket(loopback, port).close(), block);
          byName[r] = block(() -> factory.createSocket("127.0.0.1", port).close(), block);
        } else {
          byName[r] = block(() -> factory.createSocket("127.0.0.1", port).close(), block);
          plain[r] = block(() -> new Socket(loopback, port).close(), block);
        }
        server.release();
        ratios[r] = byName[r] / plain[r];
      }
      double[] sorted = ratios.clone();
      Arrays.sort(sorted);
      double ratio = Median.of(ratios);
      System.out.println(String.format(Locale.ROOT, "%-44s %10s %10s %8s %8s %8s  %s",
          "case (thread CPU per connect + close)", "plain", "by name", "ratio", "p25", "p75", "target"));
      System.out.println(String.format(Locale.ROOT, "%-44s %8.1f us %7.1f us %7.3fx %7.3fx %7.3fx  <= %.2fx %s",
          "mixed: literal 127.0.0.1, factory vs new Socket", Median.of(plain), Median.of(byName), ratio,
          sorted[sorted.length / 4], sorted[(3 * sorted.length) / 4], TARGET, ratio <= TARGET ? "ok" : "MISS"));
    }
  }

  /** One connect + close. */
  private interface Connect {
    void run() throws IOException;
  }

  /** Runs {@code n} connects; the thread CPU time of each, in microseconds. */
  private static double block(Connect connect, int n) throws IOException {
    long start = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) {
      connect.run();
    }
    return (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / n;
  }

  /** Accepts every connection and holds it until {@link #release}. */
  private static final class Holder implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> held = new ArrayList<>();

    Holder(InetAddress address) throws IOException {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(address, 0), 4096);
      Thread t = new Thread(this::accept, "mixed-holder");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      try {
        while (true) {
          Socket s = server.accept();
          synchronized (held) {
            held.add(s);
          }
        }
      } catch (IOException e) {
        // closed
      }
    }

    /** Closes every connection accepted so far. */
    void release() throws IOException {
      List<Socket> now;
      synchronized (held) {
        now = new ArrayList<>(held);
        held.clear();
      }
      for (Socket s : now) {
        s.close();
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      release();
    }
  }
}
