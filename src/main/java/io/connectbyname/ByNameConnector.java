package io.connectbyname;

import io.connectbyname.internal.engine.Endpoint;
import io.connectbyname.internal.socket.ByNameSocket;
import io.connectbyname.internal.socket.PlannedAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@link ConnectByName} with settings of its own: {@code ConnectByName.with(settings).connect(...)}.
 * Immutable and thread-safe. Its connect is interruptible: an interrupt of the calling thread ends
 * it at once with {@link java.nio.channels.ClosedByInterruptException} (the socket it returns then
 * behaves as the JDK's, see {@link ByNameSocketFactory}).
 */
public final class ByNameConnector {
  private final Settings settings;

  ByNameConnector(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * As {@link ConnectByName#connect(String, String, Duration)}, with this connector's settings.
   *
   * @param node the host
   * @param service the service name or decimal port
   * @param timeout the overall timeout; {@code null} = {@link Settings#timeout()}; zero = none
   * @return the connection
   * @throws IOException as {@link ConnectByName#connect(String, String, Duration)}
   */
  public Connection connect(String node, String service, Duration timeout) throws IOException {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(service, "service");
    int port = settings.servicesDatabase().port(service);
    return dial(Endpoint.of(node, service.strip(), port), timeout);
  }

  /**
   * As {@link ConnectByName#connect(String, int, Duration)}, with this connector's settings.
   *
   * @param node the host
   * @param port the port, 0..65535
   * @param timeout the overall timeout; {@code null} = {@link Settings#timeout()}; zero = none
   * @return the connection
   * @throws IOException as {@link ConnectByName#connect(String, String, Duration)}
   */
  public Connection connect(String node, int port, Duration timeout) throws IOException {
    Objects.requireNonNull(node, "node");
    return dial(Endpoint.of(node, Integer.toString(port), port), timeout);
  }

  /**
   * As {@link ConnectByName#connectByList(List, Duration)}, with this connector's settings.
   *
   * @param addresses the addresses, at least one
   * @param timeout the overall timeout; {@code null} = {@link Settings#timeout()}; zero = none
   * @return the connection
   * @throws NullPointerException when {@code addresses} or one of them is null
   * @throws IOException as {@link ConnectByName#connect(String, String, Duration)}
   */
  public Connection connectByList(List<InetSocketAddress> addresses, Duration timeout) throws IOException {
    List<InetSocketAddress> list = copyOf(addresses);
    Duration t = timeout(timeout);
    int port = list.isEmpty() ? 0 : list.get(0).getPort();
    return connect(new PlannedAddress(String.valueOf(list), null, t, port, dial -> dial.connectList(list, t)));
  }

  /**
   * This connector's settings.
   *
   * @return the settings it connects with
   */
  public Settings settings() {
    return settings;
  }

  private Connection dial(Endpoint endpoint, Duration timeout) throws IOException {
    Duration t = timeout(timeout);
    InetSocketAddress destination = InetSocketAddress.createUnresolved(endpoint.node().strip(), endpoint.port());
    return connect(new PlannedAddress(endpoint.describe(), destination, t, endpoint.port(),
        dial -> dial.connect(endpoint, t)));
  }

  /** Connects a by-name socket as planned: the same socket the factories give, name and all. */
  private Connection connect(PlannedAddress plan) throws IOException {
    ByNameSocket socket = new ByNameSocket(settings);
    try {
      return socket.connect(plan);
    } catch (IOException | RuntimeException | Error e) {
      socket.close();
      throw e;
    }
  }

  /** A copy of {@code addresses}, taken once: the caller may change its list while we connect. */
  private static List<InetSocketAddress> copyOf(List<InetSocketAddress> addresses) {
    InetSocketAddress[] a = Objects.requireNonNull(addresses, "addresses").toArray(new InetSocketAddress[0]);
    for (int i = 0; i < a.length; i++) {
      if (a[i] == null) {
        throw new NullPointerException("addresses[" + i + "]");
      }
    }
    return List.of(a);
  }

  private Duration timeout(Duration timeout) {
    if (timeout != null && timeout.isNegative()) {
      throw new IllegalArgumentException("Timeout must not be negative: " + timeout.toMillis() + " ms");
    }
    return timeout == null ? settings.timeout().orElse(null) : timeout;
  }
}
