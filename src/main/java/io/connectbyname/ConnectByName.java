package io.connectbyname;

import io.connectbyname.internal.socket.ByNameSocket;
import io.connectbyname.internal.socket.PlannedAddress;
import io.connectbyname.internal.engine.Endpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Connects a stream socket to a host name and a service, as Windows' {@code WSAConnectByName}
 * does: the service is looked up in the services database, every address of the name is tried
 * (IPv4 and IPv6 interleaved and raced as RFC 8305 describes), all within one overall timeout.
 *
 * <pre>{@code
 * try (Connection c = ConnectByName.connect("db.example", "postgresql", Duration.ofSeconds(5))) {
 *   c.socket().getOutputStream().write(...);
 * }
 * }</pre>
 *
 * <p>The static methods use {@link Settings#configured()}, this JVM's configuration;
 * {@link #with(Settings)} gives an instance with settings of its own. Instances are immutable and
 * thread-safe.
 */
public final class ConnectByName {
  private final Settings settings;

  private ConnectByName(Settings settings) {
    this.settings = settings;
  }

  /** An instance that connects with {@code settings}. */
  public static ConnectByName with(Settings settings) {
    return new ConnectByName(Objects.requireNonNull(settings, "settings"));
  }

  /**
   * Connects to {@code node} (a host name, IDN, or IPv4/IPv6 literal, {@code [::1]} and
   * {@code %scope} accepted) on {@code service} (a decimal port or a name such as
   * {@code "postgresql"}), trying every address within {@code timeout}.
   *
   * @param timeout the overall timeout; {@code null} or zero = none (the OS's limits)
   * @throws IllegalArgumentException for a malformed node or service; the message names it
   * @throws java.net.UnknownServiceException for a service name that is not known
   * @throws java.net.UnknownHostException when the name does not resolve
   * @throws java.net.SocketTimeoutException when the timeout passed first
   * @throws java.net.ConnectException when every address refused (or failed otherwise)
   * @throws java.net.NoRouteToHostException when the addresses were unreachable
   * @throws java.nio.channels.ClosedByInterruptException when the calling thread was interrupted
   */
  public static Connection connect(String node, String service, Duration timeout) throws IOException {
    return with(Settings.configured()).open(node, service, timeout);
  }

  /** As {@link #connect(String, String, Duration)}, with a port number 0..65535. */
  public static Connection connect(String node, int port, Duration timeout) throws IOException {
    return with(Settings.configured()).open(node, port, timeout);
  }

  /**
   * Connects to the first of {@code addresses} to answer, in the caller's order, as
   * {@code WSAConnectByList} does; an unresolved entry stands for every address of its name.
   */
  public static Connection connectByList(List<InetSocketAddress> addresses, Duration timeout) throws IOException {
    return with(Settings.configured()).openByList(addresses, timeout);
  }

  /** As {@link #connect(String, String, Duration)} with this instance's settings; null timeout = {@link Settings#timeout()}. */
  public Connection open(String node, String service, Duration timeout) throws IOException {
    if (service == null) {
      throw new IllegalArgumentException("Service must not be null");
    }
    int port = settings.servicesDatabase().port(service);
    return dial(Endpoint.of(node, service.strip(), port), timeout);
  }

  /** As {@link #connect(String, int, Duration)} with this instance's settings. */
  public Connection open(String node, int port, Duration timeout) throws IOException {
    return dial(Endpoint.of(node, Integer.toString(port), port), timeout);
  }

  /** As {@link #connectByList(List, Duration)} with this instance's settings. */
  public Connection openByList(List<InetSocketAddress> addresses, Duration timeout) throws IOException {
    Duration t = timeout(timeout);
    int port = addresses == null || addresses.isEmpty() || addresses.get(0) == null ? 0 : addresses.get(0).getPort();
    return connect(new PlannedAddress(String.valueOf(addresses), null, t, port, dial -> dial.connectList(addresses, t)));
  }

  /** This instance's settings. */
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

  private Duration timeout(Duration timeout) {
    if (timeout != null && timeout.isNegative()) {
      throw new IllegalArgumentException("Timeout must not be negative: " + timeout.toMillis() + " ms");
    }
    return timeout == null ? settings.timeout() : timeout;
  }
}
