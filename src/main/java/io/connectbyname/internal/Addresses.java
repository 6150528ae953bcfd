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

  /** The numeric address, IPv6 in brackets and in its short form ({@code [::1]}, RFC 5952). */
  public static String format(InetAddress address) {
    String text = address.getHostAddress();
    return address instanceof Inet6Address ? "[" + shortIpv6(text) + "]" : text;
  }

  /** {@code 0:0:0:0:0:0:0:1} as {@code ::1}: leading zeros dropped, the longest run of zero groups as {@code ::}. */
  static String shortIpv6(String text) {
    int percent = text.indexOf('%');
    String scope = percent < 0 ? "" : text.substring(percent);
    String[] groups = (percent < 0 ? text : text.substring(0, percent)).split(":", -1);
    if (groups.length != 8) {
      return text;
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is not shortened (RFC 5952 §4.2.2)
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && groups[j].matches("0+")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = Math.max(i, j);
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        b.append(i == 0 ? "::" : ":");
        i += bestLength - 1;
        continue;
      }
      b.append(groups[i].replaceFirst("^0+(?=.)", "").toLowerCase(java.util.Locale.ROOT));
      if (i < 7) {
        b.append(':');
      }
    }
    return b + scope;
  }

  /** Whether two addresses are of the same family (IPv4 or IPv6). */
  public static boolean sameFamily(InetAddress a, InetAddress b) {
    return (a instanceof Inet6Address) == (b instanceof Inet6Address);
  }
}
