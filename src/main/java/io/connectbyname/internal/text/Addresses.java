package io.connectbyname.internal.text;

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

  /** The numeric address, IPv6 in brackets and in its short form (RFC 5952): {@code [::1]}. */
  public static String format(InetAddress address) {
    return address instanceof Inet6Address v6 ? "[" + ipv6(v6) + "]" : address.getHostAddress();
  }

  /** Whether two addresses are of the same family (IPv4 or IPv6). */
  public static boolean sameFamily(InetAddress a, InetAddress b) {
    return (a instanceof Inet6Address) == (b instanceof Inet6Address);
  }

  /**
   * RFC 5952 text: the JDK writes every group ({@code 0:0:0:0:0:0:0:1}), which nobody reads
   * easily; the longest run of two or more zero groups (the first of equals) becomes {@code ::}.
   * A {@code %scope} suffix is kept as the JDK writes it.
   */
  static String ipv6(Inet6Address address) {
    byte[] bytes = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
    }
    int runStart = -1;
    int runLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > runLength) {
        runStart = i;
        runLength = j - i;
      }
      i = Math.max(j, i + 1);
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == runStart) {
        text.append("::");
        i += runLength - 1;
        continue;
      }
      if (i > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    String jdk = address.getHostAddress();
    int scope = jdk.indexOf('%');
    return scope < 0 ? text.toString() : text.append(jdk, scope, jdk.length()).toString();
  }
}
