package io.connectbyname.internal.engine;

import io.connectbyname.internal.text.Addresses;

import io.connectbyname.Settings;
import io.connectbyname.Settings.Family;
import io.connectbyname.spi.AddressResolver;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The addresses a connect tries: resolved, filtered by family and bind address, in RFC 8305 order. */
public final class Candidates {
  private Candidates() {}

  /**
   * All addresses of the endpoint's host from {@code resolver}.
   *
   * @throws UnknownHostException naming the destination when the name has none, or the resolver fails
   */
  public static List<InetAddress> resolve(AddressResolver resolver, Endpoint endpoint) throws UnknownHostException {
    return resolve(resolver, endpoint.host(), endpoint.describe());
  }

  /** As {@link #resolve(AddressResolver, Endpoint)}, the destination described as {@code description}. */
  public static List<InetAddress> resolve(AddressResolver resolver, String host, String description)
      throws UnknownHostException {
    List<InetAddress> found;
    try {
      found = resolver.resolve(host);
    } catch (UnknownHostException e) {
      UnknownHostException named = new UnknownHostException("Unknown host " + description
          + (e.getMessage() == null || e.getMessage().equals(host) ? "" : ": " + e.getMessage()));
      named.initCause(e);
      throw named;
    } catch (RuntimeException e) {
      UnknownHostException named = new UnknownHostException("Resolver failed for " + description + ": " + e);
      named.initCause(e);
      throw named;
    }
    List<InetAddress> addresses = new ArrayList<>(found == null ? 0 : found.size());
    if (found != null) {
      for (InetAddress a : found) {
        if (a != null) {
          addresses.add(a);
        }
      }
    }
    if (addresses.isEmpty()) {
      throw new UnknownHostException("Unknown host " + description + ": the resolver returned no address");
    }
    return addresses;
  }

  /**
   * {@code addresses} in RFC 8305 order, limited to {@code family} and to the family of
   * {@code bound} (when the caller bound the socket).
   *
   * @throws UnknownHostException when no address is left, naming what was excluded and why
   */
  public static List<InetAddress> filter(List<InetAddress> addresses, String description, Family family,
      InetAddress bound) throws UnknownHostException {
    Family only = family;
    if (bound != null && !bound.isAnyLocalAddress()) {
      Family boundFamily = bound instanceof Inet6Address ? Family.IPV6 : Family.IPV4;
      if (family != Family.ANY && family != boundFamily) {
        only = null; // nothing can match
      } else {
        only = boundFamily;
      }
    }
    List<InetAddress> sorted = only == null ? List.of()
        : AddressOrder.sort(addresses, only, AddressOrder.preference(System.getProperty("java.net.preferIPv6Addresses")));
    if (sorted.isEmpty()) {
      String why = bound != null && !bound.isAnyLocalAddress()
          ? "the socket is bound to " + Addresses.format(bound) + (family == Family.ANY ? "" : " and family is " + family.name().toLowerCase(Locale.ROOT))
          : "family is " + family.name().toLowerCase(Locale.ROOT);
      throw new UnknownHostException("No usable address for " + description + ": " + why + ", and it has only "
          + addresses.stream().map(Addresses::format).collect(Collectors.joining(", ")));
    }
    return sorted;
  }

  /** The caller's list with each unresolved entry replaced by its name's addresses, then filtered. */
  public static List<InetSocketAddress> expand(List<InetSocketAddress> list, Settings settings,
      InetAddress bound, String description) throws UnknownHostException {
    if (list == null || list.isEmpty()) {
      throw new IllegalArgumentException("The address list must not be " + (list == null ? "null" : "empty"));
    }
    List<InetSocketAddress> result = new ArrayList<>();
    for (InetSocketAddress a : list) {
      if (a == null) {
        throw new IllegalArgumentException("The address list holds a null entry: " + list);
      }
      List<InetAddress> addresses;
      String name = null; // the host name an unresolved entry asks for, carried by its addresses
      if (a.isUnresolved()) {
        Endpoint e = Endpoint.of(a.getHostString(), null, a.getPort());
        addresses = e.literal() != null ? List.of(e.literal()) : resolve(settings.resolver(), e);
        name = e.literal() != null ? null : e.host();
      } else {
        addresses = List.of(a.getAddress());
      }
      for (InetAddress address : filter(addresses, description, settings.family(), bound)) {
        result.add(named(name, new InetSocketAddress(address, a.getPort())));
      }
    }
    return result;
  }

  /** {@code [a:1, b:2]} for messages. */
  public static String describe(List<InetSocketAddress> list) {
    if (list == null) {
      return "[]";
    }
    return list.stream().map(a -> a == null ? "null" : a.isUnresolved() || a.getHostString() != null
        && !a.getHostString().equals(a.getAddress().getHostAddress())
        ? a.getHostString() + ":" + a.getPort() : Addresses.format(a))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** {@code address} with {@code host} as its host name, so it prints as {@code host/addr}; unchanged when host is null. */
  public static InetSocketAddress named(String host, InetSocketAddress address) {
    if (host == null) {
      return address;
    }
    try {
      InetAddress a = address.getAddress();
      // An IPv6 address without a scope stays without one: getByAddress(host, bytes, 0) prints "%0".
      InetAddress withName = a instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)
          ? Inet6Address.getByAddress(host, v6.getAddress(), v6.getScopeId())
          : InetAddress.getByAddress(host, a.getAddress());
      return new InetSocketAddress(withName, address.getPort());
    } catch (UnknownHostException e) {
      return address; // cannot happen: the bytes come from a valid address
    }
  }
}
