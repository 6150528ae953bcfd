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

  /** The numeric address, IPv6 in brackets and in the RFC 5952 short form ({@code [::1]}). */
  public static String format(InetAddress address) {
    String text = address.getHostAddress();
    return address instanceof Inet6Address ? "[" + shortForm(address.getAddress()) + scope(text) + "]" : text;
  }

  /** RFC 5952 §4: no leading zeros, the longest run (the first of equals) of two or more zero groups as "::". */
  private static String shortForm(byte[] bytes) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (bytes[2 * i] & 0xFF) << 8 | bytes[2 * i + 1] & 0xFF;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        b.append("::");
        i += bestLength - 1;
        continue;
      }
      if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
        b.append(':');
      }
      b.append(Integer.toHexString(groups[i]));
    }
    return b.toString();
  }

  private static String scope(String hostAddress) {
    int percent = hostAddress.indexOf('%');
    return percent < 0 ? "" : hostAddress.substring(percent);
  }

  /** Whether two addresses are of the same family (IPv4 or IPv6). */
  public static boolean sameFamily(InetAddress a, InetAddress b) {
    return (a instanceof Inet6Address) == (b instanceof Inet6Address);
  }
}
