package io.connectbyname.internal.socket;

import io.connectbyname.internal.engine.Dial;
import io.connectbyname.internal.engine.Dialed;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A destination that the plain API has already parsed (node, service, timeout), carried through
 * {@link java.net.Socket#connect} to the by-name socket implementation, so that the plain API
 * returns the same kind of socket as the factories do. {@code Socket.connect} accepts only an
 * {@link InetSocketAddress}; the address this one holds is a placeholder that nothing connects to.
 */
public final class PlannedAddress extends InetSocketAddress {
  private static final long serialVersionUID = 1L;
  private static final InetAddress PLACEHOLDER = InetAddress.getLoopbackAddress();

  /** How the connect is made, given the socket's dial. */
  @FunctionalInterface
  public interface Plan {
    /** Connects with {@code dial}, whose source carries the socket's connect context. */
    Dialed<Connected> connect(Dial<Connected> dial) throws IOException;
  }

  private final transient Plan plan;
  private final String description;
  private final InetSocketAddress destination;
  private final Duration timeout;

  /**
   * @param description what the plan connects to, for {@link #toString()}
   * @param destination the node and port, unresolved, that a {@code ProxySelector} is asked about;
   *     null for a list of addresses, which is connected directly
   * @param timeout the plan's overall timeout, for a connect through a proxy; null = none
   * @param port the destination port, reported by the socket's {@code getPort()}
   */
  public PlannedAddress(String description, InetSocketAddress destination, Duration timeout, int port, Plan plan) {
    super(PLACEHOLDER, port);
    this.description = description;
    this.destination = destination;
    this.timeout = timeout;
    this.plan = plan;
  }

  /** The node and port for proxy selection, or null. */
  InetSocketAddress destination() {
    return destination;
  }

  /** The plan's overall timeout, null = none. */
  Duration timeout() {
    return timeout;
  }

  /** The plan; null after deserialization, when there is nothing left to carry out. */
  Plan plan() {
    return plan;
  }

  /** Its description; note that {@code toString}, {@code equals} and {@code hashCode} are final in the JDK. */
  public String description() {
    return description;
  }
}
