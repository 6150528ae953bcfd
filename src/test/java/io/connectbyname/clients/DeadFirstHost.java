package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connectbyname.Fixtures;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/**
 * The test host name {@value #NAME}, whose first address (::1) is dead and second (127.0.0.1) is
 * live: a real server listens on 127.0.0.1 and this blackholes ::1 on the same port (a listener
 * whose accept queue is full, so the kernel drops the SYN and a connect hangs as to a silent host).
 * The JVM resolves the name through {@code -Djdk.net.hosts.file} with IPv6 preferred (see pom.xml),
 * so stock clients and connect-by-name see the same two addresses in the same order.
 */
final class DeadFirstHost implements Closeable {
  static final String NAME = "he.test";
  /**
   * The same two addresses under another name, for a second client of the same server:
   * connect-by-name remembers which address won for a name and port, and moves it to the front.
   */
  static final String OTHER_NAME = "again.he.test";
  static final InetAddress DEAD = Fixtures.V6;
  static final InetAddress LIVE = Fixtures.V4;

  private final Fixtures.Listener blackhole;

  private DeadFirstHost(Fixtures.Listener blackhole) {
    this.blackhole = blackhole;
  }

  /**
   * Blackholes ::1 on {@code port}, after checking that the JVM resolves {@value #NAME} and
   * {@value #OTHER_NAME} to ::1 then 127.0.0.1 (otherwise the test would measure something else).
   */
  static DeadFirstHost onPort(int port) throws IOException {
    for (String name : List.of(NAME, OTHER_NAME)) {
      assertEquals(List.of(DEAD, LIVE), Arrays.asList(InetAddress.getAllByName(name)), name
          + " must resolve to ::1 then 127.0.0.1: run with -Djdk.net.hosts.file=<the clients hosts file>"
          + " -Djava.net.preferIPv6Addresses=true");
    }
    return new DeadFirstHost(Fixtures.blackhole(DEAD).open(port));
  }

  /** A port free on both 127.0.0.1 and ::1 just now, for a server whose port must be given. */
  static int freePort() {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket v4 = new ServerSocket(0, 1, LIVE)) {
        int port = v4.getLocalPort();
        try {
          new ServerSocket(port, 1, DEAD).close();
          return port;
        } catch (IOException taken) {
          // in use on ::1: try another
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("No port free on both 127.0.0.1 and ::1 after 50 tries");
  }

  /** The dead address, ::1 on the server's port. */
  InetSocketAddress dead() {
    return blackhole.address();
  }

  @Override
  public void close() throws IOException {
    blackhole.close();
  }
}
