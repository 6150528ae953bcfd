package io.connectbyname.internal.engine;

import io.connectbyname.spi.AddressResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What an {@link InetSocketAddress} handed to {@code connect} means: unresolved, a name to connect
 * to by name; resolved from a name (it prints as {@code name/addr}), that name again, re-resolved
 * and raced, but only when the address is among the name's own addresses, so that a name from a
 * reverse lookup never sends the connection elsewhere; a bare literal, exactly that address.
 */
public final class Destination {
  private Destination() {}

  /** The host name an address was made with, or null for a literal (it prints as {@code /addr}). */
  public static String nameOf(InetAddress address) {
    String text = address.toString();
    int slash = text.indexOf('/');
    return slash <= 0 ? null : text.substring(0, slash);
  }

  /**
   * What {@code to} stands for, following the rule above.
   *
   * @param endpoint the destination, parsed
   * @param resolved the name's addresses when the rule resolved them already, else null
   * @param start the {@code nanoClock} value at which the connect began
   */
  public record Target(Endpoint endpoint, List<InetAddress> resolved, long start) {}

  /** What {@code to} stands for, resolving a name it carries when that is how the rule is checked. */
  public static Target target(AddressResolver resolver, LongSupplier nanoClock, InetSocketAddress to)
      throws UnknownHostException {
    long start = nanoClock.getAsLong();
    String port = null; // the service is the port itself: described as node:port
    if (to.isUnresolved()) {
      return new Target(parse(to.getHostString(), port, to.getPort()), null, start);
    }
    InetAddress address = to.getAddress();
    String name = nameOf(address);
    if (name != null && !name.equals(address.getHostAddress())) {
      Endpoint byName;
      try {
        byName = Endpoint.of(name, port, to.getPort());
      } catch (IllegalArgumentException e) {
        byName = null; // the JDK accepted a name we would not: use the address as given
      }
      if (byName != null && byName.literal() == null) {
        List<InetAddress> own = ownAddresses(resolver, byName, address);
        if (own != null) {
          return new Target(byName, own, start);
        }
      }
    }
    String literal = address.getHostAddress();
    return new Target(new Endpoint(name != null ? name : literal, port, literal, address, to.getPort()), null, start);
  }

  /**
   * Connects to {@code to} following the rule above.
   *
   * @param timeout the overall timeout, null = none
   */
  public static <T> Dialed<T> connect(Dial<T> dial, AddressResolver resolver, LongSupplier nanoClock,
      InetSocketAddress to, Duration timeout) throws IOException {
    Target t = target(resolver, nanoClock, to);
    return t.resolved() != null ? dial.connect(t.endpoint(), t.resolved(), t.start(), timeout)
        : dial.connect(t.endpoint(), timeout);
  }

  /**
   * The host of an unresolved address; one that cannot be a host is an {@link UnknownHostException},
   * as the JDK's own socket says (a driver that tries the next host on an IOException keeps working).
   */
  private static Endpoint parse(String host, String port, int portNumber) throws UnknownHostException {
    try {
      return Endpoint.of(host, port, portNumber);
    } catch (IllegalArgumentException e) {
      UnknownHostException unknown = new UnknownHostException(e.getMessage());
      unknown.initCause(e);
      throw unknown;
    }
  }

  /** The name's addresses when {@code address} is one of them, else null. */
  private static List<InetAddress> ownAddresses(AddressResolver resolver, Endpoint name, InetAddress address) {
    try {
      List<InetAddress> all = Candidates.resolve(resolver, name);
      return all.contains(address) ? all : null;
    } catch (UnknownHostException e) {
      return null; // the JDK resolved it, our resolver cannot: keep the JDK's answer
    }
  }
}
