package io.connectbyname.cli;

import io.connectbyname.internal.text.Addresses;
import io.connectbyname.internal.text.Reason;

import io.connectbyname.ConnectByName;
import io.connectbyname.Connection;
import io.connectbyname.Settings;
import io.connectbyname.spi.AddressResolver;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * {@code --demo}: the difference connect-by-name makes, shown on loopback with no network. A name
 * resolves to a dead address first (a {@link Blackhole}, like a host whose IPv6 is broken) and a
 * live one second. Connecting the plain JDK way (the first address, as most clients do) waits out
 * the whole timeout; connecting by name moves on after the attempt delay.
 */
public final class Demo {
  /** The name the demo resolves, in-process; no hosts file or DNS is involved. */
  public static final String NAME = "demo.connect-by-name.test";

  private static final InetAddress IPV6_LOOPBACK = literal(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  private static final InetAddress LOOPBACK = literal(new byte[] {127, 0, 0, 1});
  private static final InetAddress OTHER_LOOPBACK = literal(new byte[] {127, 0, 0, 2});

  private Demo() {}

  /**
   * Runs the demo, printing to {@code out}; everything it opens is closed before it returns.
   *
   * @param timeout the timeout of both connects, above zero
   * @param settings the settings of the connect by name (its resolver is replaced)
   * @return 0 when the connect by name succeeded, else 1 (the reason on {@code err})
   */
  public static int run(Duration timeout, Settings settings, PrintStream out, PrintStream err) {
    InetAddress deadAddress = IPV6_LOOPBACK;
    if (!canListen(IPV6_LOOPBACK)) {
      deadAddress = OTHER_LOOPBACK;
      out.println("IPv6 loopback (::1) is not available here: 127.0.0.2 plays the dead address instead.");
    }
    try (Stage stage = Stage.open(deadAddress)) {
      List<InetAddress> addresses = List.of(deadAddress, LOOPBACK);
      AddressResolver resolver = host -> {
        if (!host.equalsIgnoreCase(NAME)) {
          throw new UnknownHostException(host + " (the demo resolves only " + NAME + ")");
        }
        return addresses;
      };
      int port = stage.port();
      out.printf("%s resolves (in-process) to:%n", NAME);
      out.printf("  1. %-18s dead: accept queue full (%d connections never accepted), SYNs dropped%n",
          Addresses.format(stage.dead.address()), stage.dead.fillers());
      out.printf("  2. %-18s live: accepts%n", Addresses.format(stage.live.address()));
      out.printf("Both ways connect with a %d ms timeout.%n%n", timeout.toMillis());
      out.flush();

      String plain = plainJdk(new InetSocketAddress(resolver.resolve(NAME).get(0), port), timeout);
      out.printf("  %-17s%s%n", "plain JDK:", plain);
      long begin = System.nanoTime();
      try (Connection c = ConnectByName.with(settings.withResolver(resolver))
          .connect(NAME, port, timeout)) {
        out.printf("  %-17sconnected to %s in %d ms (from %s)%n%n", "connect-by-name:",
            Addresses.format(c.remote()), c.elapsed().toMillis(), Addresses.format(c.local()));
        out.println("connect-by-name's attempts:");
        out.print(AttemptTable.format(c.attempts(), "  "));
        return 0;
      } catch (IOException | RuntimeException e) {
        out.printf("  %-17sfailed after %d ms%n", "connect-by-name:", millisSince(begin));
        err.println("connect-by-name: " + Reason.of(e));
        return 1;
      }
    } catch (IOException | RuntimeException e) {
      err.println("connect-by-name: the demo could not set up its loopback servers: " + Reason.of(e));
      return 1;
    }
  }

  /** What most clients do: {@code new Socket().connect(first address, timeout)}. */
  private static String plainJdk(InetSocketAddress first, Duration timeout) {
    long begin = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(first, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      return "connected to " + Addresses.format(first) + " in " + millisSince(begin) + " ms";
    } catch (SocketTimeoutException e) {
      return "timed out after " + millisSince(begin) + " ms (first address only)";
    } catch (IOException e) {
      return "failed after " + millisSince(begin) + " ms (first address only): " + Reason.of(e);
    }
  }

  private static long millisSince(long begin) {
    return Duration.ofNanos(System.nanoTime() - begin).toMillis();
  }

  private static boolean canListen(InetAddress address) {
    try {
      new ServerSocket(0, 1, address).close();
      return true;
    } catch (IOException | RuntimeException e) {
      return false; // no IPv6 in this kernel or JVM (-Djava.net.preferIPv4Stack=true)
    }
  }

  private static InetAddress literal(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // 4 and 16 bytes are always valid
    }
  }

  /** The two servers, dead and live, on the same port: a name has one port for all its addresses. */
  private static final class Stage implements Closeable {
    private static final int TRIES = 10;
    final Blackhole dead;
    final Listener live;

    private Stage(Blackhole dead, Listener live) {
      this.dead = dead;
      this.live = live;
    }

    static Stage open(InetAddress deadAddress) throws IOException {
      BindException taken = null;
      for (int i = 0; i < TRIES; i++) {
        Listener live = Listener.open(new InetSocketAddress(LOOPBACK, 0));
        try {
          return new Stage(Blackhole.open(new InetSocketAddress(deadAddress, live.address().getPort())), live);
        } catch (BindException e) {
          live.close(); // that port is in use on the dead address: try another one
          taken = e;
        } catch (IOException | RuntimeException e) {
          live.close();
          throw e;
        }
      }
      throw taken;
    }

    int port() {
      return live.address().getPort();
    }

    @Override
    public void close() throws IOException {
      try {
        dead.close();
      } finally {
        live.close();
      }
    }
  }
}
