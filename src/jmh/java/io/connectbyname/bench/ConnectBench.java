package io.connectbyname.bench;

import io.connectbyname.ByNameSocketFactory;
import io.connectbyname.ByNameConnector;
import io.connectbyname.ConnectByName;
import io.connectbyname.Settings;
import io.connectbyname.cli.Blackhole;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Loopback connect + close, plain JDK against each way into the library. The {@code jdk*} methods
 * are the baselines; compare every other method with them in the same run.
 *
 * <p>Ephemeral ports. The client closes first (connect returns before the server has even
 * accepted), so every operation leaves a client-side TIME_WAIT entry for 60 s, keyed by the
 * four-tuple. Against one server port that uses up the ~28k ephemeral ports in about a second:
 * measured here, TIME_WAIT saturated at 28k, iterations swung from 28 to 160 µs/op and the
 * listener dropped SYNs (1 s retransmits). The ways out all change what is measured: SO_LINGER 0
 * on the client changes its close; letting the server close first means the client waits for its
 * FIN, a round trip that is not part of a connect; an RST from the server races the connect
 * (a timed connect then fails with "Connection reset"). So the connects are spread over
 * {@value #PORTS} server ports instead, the same rotation for every method: each four-tuple is
 * then used 1/{@value #PORTS} as often, and with Linux's loopback TIME_WAIT reuse
 * ({@code net.ipv4.tcp_tw_reuse=2}, the default) the range never runs out. bench/run prints the
 * sysctls and TIME_WAIT count so a reader can check.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConnectBench {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  static final int PORTS = 64;

  private ClosingServers server;
  InetAddress loopback;
  int[] ports;
  private int next;
  private ByNameSocketFactory factory;
  private ByNameConnector twoAddresses;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    loopback = InetAddress.getByName("127.0.0.1");
    server = new ClosingServers(loopback, PORTS);
    ports = server.ports();
    factory = new ByNameSocketFactory();
    // A name with two addresses whose first is live: the race path, as after the history moved
    // the winner to the front. The second (::1, nothing listening there) is never started.
    List<InetAddress> pair = List.of(loopback, InetAddress.getByName("::1"));
    twoAddresses = ConnectByName.with(Settings.defaults().withResolver(host -> pair));
  }

  /** The next server port, round robin; the same cost in every method. */
  private int port() {
    int i = next + 1;
    next = i == PORTS ? 0 : i;
    return ports[next];
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    server.close();
  }

  /** Baseline: {@code new Socket(InetAddress, port)}. */
  @Benchmark
  public void jdkSocket() throws IOException {
    new Socket(loopback, port()).close();
  }

  /**
   * Baseline for the rows with a timeout: {@code new Socket()} then {@code connect(addr, 5000)}; a
   * timed connect costs the JDK more system calls (non-blocking connect, then poll) than an untimed one.
   */
  @Benchmark
  public void jdkSocketTimed() throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(loopback, port()), 5000);
    } finally {
      s.close();
    }
  }

  /** Baseline for the by-name rows: {@code new Socket("localhost", port)}, the JDK resolving. */
  @Benchmark
  public void jdkSocketLocalhost() throws IOException {
    new Socket("localhost", port()).close();
  }

  /**
   * Baseline for the by-name rows with a timeout: {@code new Socket()} then
   * {@code connect(new InetSocketAddress("localhost", port), 5000)}, what a driver does with the JDK.
   */
  @Benchmark
  public void jdkSocketTimedLocalhost() throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress("localhost", port()), 5000);
    } finally {
      s.close();
    }
  }

  /** {@code ConnectByName.connect("127.0.0.1", port, 5 s)}: a literal, the single-address fast path. */
  @Benchmark
  public void connectLiteral() throws IOException {
    ConnectByName.connect("127.0.0.1", port(), TIMEOUT).close();
  }

  /** {@code ConnectByName.connect("localhost", port, 5 s)}: resolved, then connected. */
  @Benchmark
  public void connectLocalhost() throws IOException {
    ConnectByName.connect("localhost", port(), TIMEOUT).close();
  }

  /** A name with two addresses, the first live: the race, with the selector opened only if it must wait. */
  @Benchmark
  public void connectTwoAddressesFirstLive() throws IOException {
    twoAddresses.connect("pair.test", port(), TIMEOUT).close();
  }

  /**
   * A name whose first address is dead (blackholed: SYNs dropped) and whose second is live, after
   * the connect history has seen one connect to it on each port: the history puts the live address
   * first, so the dead one is never tried. Target ≤ 1.2× {@link #jdkSocket}, a plain connect to the
   * live address; without the history each connect would wait the 250 ms attempt delay.
   */
  @Benchmark
  public void connectHistoryDeadFirst(DeadFirst deadFirst) throws IOException {
    deadFirst.byName.connect(DeadFirst.NAME, port(), TIMEOUT).close();
  }

  /**
   * For {@link #connectHistoryDeadFirst}: {@value #DEAD} blackholed on every server port, a resolver
   * that gives it before 127.0.0.1, and a history that has learnt each port once (with a 10 ms
   * attempt delay, to learn fast: the history is shared by every connect with the same resolver).
   */
  @State(Scope.Benchmark)
  public static class DeadFirst {
    static final String NAME = "dead-first.test";
    static final String DEAD = "127.0.0.2";

    private final List<Blackhole> blackholes = new ArrayList<>();
    ByNameConnector byName;

    @Setup(Level.Trial)
    public void setUp(ConnectBench bench) throws IOException {
      InetAddress dead = InetAddress.getByName(DEAD);
      List<InetAddress> pair = List.of(dead, bench.loopback);
      Settings settings = Settings.defaults().withResolver(host -> pair).withLog(Settings.Log.OFF);
      try {
        for (int port : bench.ports) {
          blackholes.add(Blackhole.open(new InetSocketAddress(dead, port), 20));
        }
        ByNameConnector learner = ConnectByName.with(settings.withAttemptDelay(Duration.ofMillis(10)));
        for (int port : bench.ports) {
          learner.connect(NAME, port, TIMEOUT).close();
        }
        byName = ConnectByName.with(settings);
        long t0 = System.nanoTime();
        byName.connect(NAME, bench.ports[0], TIMEOUT).close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (ms >= Settings.DEFAULT_ATTEMPT_DELAY.toMillis()) {
          throw new IllegalStateException("the history did not put the live address first: a connect took " + ms + " ms");
        }
      } catch (IOException | RuntimeException e) {
        try {
          tearDown(); // JMH runs no @TearDown after a @Setup that threw
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }

    /** Closes every blackhole, each even when another's close throws; rethrows the first failure. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      IOException first = null;
      for (Blackhole b : blackholes) {
        try {
          b.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      blackholes.clear();
      if (first != null) {
        throw first;
      }
    }
  }

  /** {@code ByNameSocketFactory.createSocket("127.0.0.1", port)}. */
  @Benchmark
  public void factoryLiteral() throws IOException {
    factory.createSocket("127.0.0.1", port()).close();
  }

  /** {@code ByNameSocketFactory.createSocket("localhost", port)}: no timeout, as {@code new Socket("localhost", port)}. */
  @Benchmark
  public void factoryLocalhost() throws IOException {
    factory.createSocket("localhost", port()).close();
  }

  /** {@code createSocket()} then {@code connect(new InetSocketAddress("localhost", port()), 5000)}, as drivers do. */
  @Benchmark
  public void factoryUnconnectedLocalhost() throws IOException {
    Socket s = factory.createSocket();
    try {
      s.connect(new InetSocketAddress("localhost", port()), 5000);
    } finally {
      s.close();
    }
  }
}
