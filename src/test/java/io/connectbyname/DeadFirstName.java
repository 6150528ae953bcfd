package io.connectbyname;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A name whose first address is dead, for child JVMs: {@code he.test} is {@code ::1} then
 * {@code 127.0.0.1}, on one port; {@code [::1]:port} is blackholed (its accept queue full, SYNs
 * dropped) and {@code 127.0.0.1:port} is served by whatever the caller binds there. Both are held
 * by the test JVM; a child resolves the name through a hosts file ({@link #jvmOptions()}), so a
 * plain {@code new Socket()} there tries {@code ::1} alone and waits its whole timeout.
 */
final class DeadFirstName implements Closeable {
  static final String NAME = "he.test";
  static final InetAddress V6 = Fixtures.V6;
  static final InetAddress V4 = Fixtures.V4;
  private static final int BIND_TRIES = 20;

  /** Binds the live side at an address given to it, returning what closes it. */
  interface Live {
    Closeable bind(InetSocketAddress address) throws IOException;
  }

  private final Fixtures.Listener dead;
  private final Closeable live;
  private final Path hostsFile;

  private DeadFirstName(Fixtures.Listener dead, Closeable live, Path hostsFile) {
    this.dead = dead;
    this.live = live;
    this.hostsFile = hostsFile;
  }

  /**
   * Blackholes {@code [::1]:port} on a free port, binds {@code live} at {@code 127.0.0.1} on the same
   * port (another port when that one is taken), and writes the hosts file into {@code dir}.
   */
  static DeadFirstName open(Path dir, Live live) throws IOException {
    Path hosts = dir.resolve("hosts");
    for (int i = 0; ; i++) {
      Fixtures.Listener dead = Fixtures.blackhole(V6).open(0);
      int port = dead.address().getPort();
      Closeable bound;
      try {
        bound = live.bind(new InetSocketAddress(V4, port));
      } catch (BindException e) {
        dead.close();
        if (i + 1 == BIND_TRIES) {
          throw e;
        }
        continue;
      } catch (IOException | RuntimeException | Error e) {
        dead.close();
        throw e;
      }
      Files.write(hosts, List.of("::1 " + NAME, "127.0.0.1 " + NAME));
      return new DeadFirstName(dead, bound, hosts);
    }
  }

  int port() {
    return dead.address().getPort();
  }

  /** The options that make a child resolve {@link #NAME} to {@code ::1} first, then {@code 127.0.0.1}. */
  List<String> jvmOptions() {
    return List.of("-Djdk.net.hosts.file=" + hostsFile, "-Djava.net.preferIPv6Addresses=true");
  }

  @Override
  public void close() throws IOException {
    try {
      live.close();
    } finally {
      dead.close();
    }
  }
}
