package io.connectbyname.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Formatting of addresses for messages: {@code 127.0.0.1:5432}, {@code [::1]:5432}. */
public final class Addresses {
  private Addresses() {}

  /** The numeric address and port, IPv6 in brackets, without the host name. */
  public static String format(InetSocketAddress address) {
    if (address.isUnresolved()) {
      return address.getHostString() + ":" + address.getPort();
    }
    return format(address.getAddress()) + ":" + address.getPort();
  }

  /** The numeric address, IPv6 in brackets. */
  public static String format(InetAddress address) {
    String text = address.getHostAddress();
    return address instanceof Inet6Address ? "[" + text + "]" : text;
  }

  /** Whether two addresses are of the same family (IPv4 or IPv6). */
  public static boolean sameFamily(InetAddress a, InetAddress b) {
    return (a instanceof Inet6Address) == (b instanceof Inet6Address);
  }
}
