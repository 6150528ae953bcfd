package io.connectbyname.internal.socket;

import io.connectbyname.internal.engine.Dial;

import io.connectbyname.Connection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

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
    /** Connects with {@code dial}, whose setup carries the socket's connect context. */
    Connection connect(Dial dial) throws IOException;
  }

  private final transient Plan plan;
  private final String description;

  /**
   * @param description what the plan connects to, for {@link #toString()}
   * @param port the destination port, reported by the socket's {@code getPort()}
   */
  public PlannedAddress(String description, int port, Plan plan) {
    super(PLACEHOLDER, port);
    this.description = description;
    this.plan = plan;
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
