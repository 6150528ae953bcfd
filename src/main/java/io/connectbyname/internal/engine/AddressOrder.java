package io.connectbyname.internal.engine;

import io.connectbyname.Settings.Family;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The order in which the addresses of a name are tried, RFC 8305 §4: duplicates dropped, the
 * family filter applied, then the two families interleaved, starting with the preferred one.
 */
public final class AddressOrder {
  private AddressOrder() {}

  /**
   * Which family goes first: {@code null} keeps the resolver's choice (the family of its first
   * address), as RFC 8305 asks; else the given one.
   *
   * @param preferIPv6 the value of {@code java.net.preferIPv6Addresses}: {@code "true"} puts IPv6
   *     first, {@code "false"} IPv4; {@code "system"}, unset or anything else, the resolver's order
   */
  public static Family preference(String preferIPv6) {
    if ("true".equalsIgnoreCase(preferIPv6)) {
      return Family.IPV6;
    }
    return "false".equalsIgnoreCase(preferIPv6) ? Family.IPV4 : null;
  }

  /**
   * Sorts {@code resolved} for connecting: drops duplicates and addresses outside {@code filter},
   * then alternates families, starting with {@code first} (or the family of the first address when
   * {@code first} is null or {@link Family#ANY}). Order within a family is kept.
   */
  public static List<InetAddress> sort(List<InetAddress> resolved, Family filter, Family first) {
    if (resolved.size() == 1) { // the common case, a single address: kept or filtered out
      InetAddress a = resolved.get(0);
      boolean kept = a instanceof Inet6Address ? filter != Family.IPV4 : a instanceof Inet4Address && filter != Family.IPV6;
      return kept ? List.of(a) : List.of();
    }
    List<InetAddress> v6 = new ArrayList<>();
    List<InetAddress> v4 = new ArrayList<>();
    for (InetAddress a : new LinkedHashSet<>(resolved)) {
      if (a instanceof Inet6Address && filter != Family.IPV4) {
        v6.add(a);
      } else if (a instanceof Inet4Address && filter != Family.IPV6) {
        v4.add(a);
      }
    }
    boolean v6First = first == Family.IPV6
        || ((first == null || first == Family.ANY) && !resolved.isEmpty() && resolved.get(0) instanceof Inet6Address);
    List<InetAddress> primary = v6First ? v6 : v4;
    List<InetAddress> secondary = v6First ? v4 : v6;
    List<InetAddress> result = new ArrayList<>(primary.size() + secondary.size());
    for (int i = 0; i < Math.max(primary.size(), secondary.size()); i++) {
      if (i < primary.size()) {
        result.add(primary.get(i));
      }
      if (i < secondary.size()) {
        result.add(secondary.get(i));
      }
    }
    return result;
  }
}
