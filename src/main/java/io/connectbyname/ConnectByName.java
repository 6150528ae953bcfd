package io.connectbyname;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

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
 * {@link #with(Settings)} gives a {@link ByNameConnector} with settings of its own.
 */
public final class ConnectByName {
  private ConnectByName() {}

  /**
   * A connector that connects with {@code settings}.
   *
   * @param settings what to connect with
   * @return a connector, immutable and thread-safe
   * @throws NullPointerException when {@code settings} is null
   */
  public static ByNameConnector with(Settings settings) {
    return new ByNameConnector(settings);
  }

  /**
   * Connects to {@code node} (a host name, IDN, or IPv4/IPv6 literal, {@code [::1]} and
   * {@code %scope} accepted) on {@code service} (a decimal port or a name such as
   * {@code "postgresql"}), trying every address within {@code timeout}, with this JVM's configured
   * settings ({@link Settings#configured()}).
   *
   * @param node the host
   * @param service the service name or decimal port
   * @param timeout the overall timeout; {@code null} = the settings' timeout; zero = none (the OS's limits)
   * @return the connection
   * @throws NullPointerException when {@code node} or {@code service} is null
   * @throws IllegalArgumentException for a malformed node or service; the message names it
   * @throws java.net.UnknownServiceException for a service name that is not known
   * @throws java.net.UnknownHostException when the name does not resolve
   * @throws java.net.SocketTimeoutException when the timeout passed first
   * @throws java.net.ConnectException when every address refused (or failed otherwise)
   * @throws java.net.NoRouteToHostException when the addresses were unreachable
   * @throws java.nio.channels.ClosedByInterruptException when the calling thread was interrupted
   * @throws IOException for any other failure to connect
   */
  public static Connection connect(String node, String service, Duration timeout) throws IOException {
    return with(Settings.configured()).connect(node, service, timeout);
  }

  /**
   * As {@link #connect(String, String, Duration)}, with a port number.
   *
   * @param node the host
   * @param port the port, 0..65535
   * @param timeout the overall timeout; {@code null} = the settings' timeout; zero = none
   * @return the connection
   * @throws IOException as {@link #connect(String, String, Duration)}
   */
  public static Connection connect(String node, int port, Duration timeout) throws IOException {
    return with(Settings.configured()).connect(node, port, timeout);
  }

  /**
   * Connects to the first of {@code addresses} to answer, in the caller's order, as
   * {@code WSAConnectByList} does; an unresolved entry stands for every address of its name. A list
   * of addresses is connected directly, never through a proxy.
   *
   * @param addresses the addresses, at least one
   * @param timeout the overall timeout; {@code null} = the settings' timeout; zero = none
   * @return the connection
   * @throws IOException as {@link #connect(String, String, Duration)}
   */
  public static Connection connectByList(List<InetSocketAddress> addresses, Duration timeout) throws IOException {
    return with(Settings.configured()).connectByList(addresses, timeout);
  }
}
