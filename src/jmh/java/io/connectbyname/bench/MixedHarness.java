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
 * round's ratio (target ≤ 1.10×); and the same for the thread's user time alone. The kernel's share
 * varies from block to block with the ports it has in TIME_WAIT (a round makes thousands of
 * connections, each client socket closing first): the user time is the library's own cost.
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
    String only = System.getProperty("mixed.only", ""); // "plain" or "byname": that kind alone, for comparison
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
    if (!only.isEmpty()) {
      solo(only.equals("plain"), Math.max(2, rounds), Math.max(1, block));
      return;
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
      Connect plainConnect = () -> new Socket(loopback, server.port()).close();
      Connect byNameConnect = () -> factory.createSocket("127.0.0.1", server.port()).close();
      for (int i = 0; i < 3; i++) { // warm-up: both kinds compiled before any round counts
        block(plainConnect, block);
        block(byNameConnect, block);
        server.release();
      }
      double[][] plain = new double[2][rounds];
      double[][] byName = new double[2][rounds];
      for (int r = 0; r < rounds; r++) {
        boolean plainFirst = r % 2 == 0;
        double[] first = block(plainFirst ? plainConnect : byNameConnect, block);
        double[] second = block(plainFirst ? byNameConnect : plainConnect, block);
        server.release();
        for (int k = 0; k < 2; k++) {
          plain[k][r] = plainFirst ? first[k] : second[k];
          byName[k][r] = plainFirst ? second[k] : first[k];
        }
      }
      System.out.println(String.format(Locale.ROOT, "%-48s %10s %10s %8s %8s %8s  %s",
          "case (per connect + close)", "plain", "by name", "ratio", "p25", "p75", "target"));
      row("mixed, literal: thread CPU (user + kernel)", plain[0], byName[0]);
      row("mixed, literal: thread user time", plain[1], byName[1]);
    }
  }

  private static void row(String name, double[] plain, double[] byName) {
    double[] ratios = new double[plain.length];
    for (int r = 0; r < ratios.length; r++) {
      ratios[r] = byName[r] / plain[r];
    }
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    double ratio = Median.of(ratios);
    System.out.println(String.format(Locale.ROOT, "%-48s %8.1f us %7.1f us %7.3fx %7.3fx %7.3fx  <= %.2fx %s",
        name, Median.of(plain), Median.of(byName), ratio, sorted[sorted.length / 4],
        sorted[(3 * sorted.length) / 4], TARGET, ratio <= TARGET ? "ok" : "MISS"));
  }

  private static void solo(boolean plain, int rounds, int block) throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    ByNameSocketFactory factory = new ByNameSocketFactory();
    try (Holder server = new Holder(loopback)) {
      Connect c = plain ? () -> new Socket(loopback, server.port()).close()
          : () -> factory.createSocket("127.0.0.1", server.port()).close();
      double[] t = new double[rounds];
      for (int r = -3; r < rounds; r++) {
        double a = block(c, block)[0];
        double b = block(c, block)[0];
        server.release();
        if (r >= 0) {
          t[r] = Math.min(a, b);
        }
      }
      System.out.printf(Locale.ROOT, "%s alone: %.1f us thread CPU (median of rounds, the faster block of two)%n",
          plain ? "plain" : "by name", Median.of(t));
    }
  }

  /** One connect + close. */
  private interface Connect {
    void run() throws IOException;
  }

  /** Runs {@code n} connects; the thread CPU time and the user time of each, in microseconds. */
  private static double[] block(Connect connect, int n) throws IOException {
    long cpu = THREADS.getCurrentThreadCpuTime();
    long user = THREADS.getCurrentThreadUserTime();
    for (int i = 0; i < n; i++) {
      connect.run();
    }
    return new double[] {(THREADS.getCurrentThreadCpuTime() - cpu) / 1e3 / n,
        (THREADS.getCurrentThreadUserTime() - user) / 1e3 / n};
  }

  /**
   * Accepts every connection and holds it until {@link #release}, on {@link #PORTS} ports that the
   * connects take in turn: each client socket closes first and waits in TIME_WAIT, and thousands of
   * them to one port leave the kernel searching for a free local port, a cost that swamps what is
   * measured; to 64 ports, the same local port serves 64 destinations.
   */
  private static final class Holder implements AutoCloseable {
    static final int PORTS = 64;
    private final List<ServerSocket> servers = new ArrayList<>();
    private final List<Socket> held = new ArrayList<>();
    private int next;

    Holder(InetAddress address) throws IOException {
      for (int i = 0; i < PORTS; i++) {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(address, 0), 4096);
        servers.add(server);
        Thread t = new Thread(() -> accept(server), "mixed-holder-" + i);
        t.setDaemon(true);
        t.start();
      }
    }

    /** The next port to connect to, in turn. */
    int port() {
      next = (next + 1) % PORTS;
      return servers.get(next).getLocalPort();
    }

    private void accept(ServerSocket server) {
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
      for (ServerSocket server : servers) {
        server.close();
      }
      release();
    }
  }
}
