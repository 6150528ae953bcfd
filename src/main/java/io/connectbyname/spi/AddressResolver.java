package io.connectbyname.spi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a host name to all of its addresses, in the order the resolver prefers. The default,
 * {@link #system()}, is {@link InetAddress#getAllByName}, which honours {@code /etc/hosts},
 * {@code -Djdk.net.hosts.file} and {@code java.net.preferIPv6Addresses}.
 *
 * <p>Implementations may be supplied in code or found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.connectbyname.spi.AddressResolver}); they must be thread-safe.
 */
@FunctionalInterface
public interface AddressResolver {

  /**
   * Returns every address of {@code host}, never an empty list.
   *
   * @param host an ASCII host name (IDN already converted), never a literal address
   * @return the addresses, in the order the resolver prefers
   * @throws UnknownHostException when the name has no address
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** {@return the JDK's resolver}, {@link InetAddress#getAllByName}. */
  static AddressResolver system() {
    return SystemResolver.INSTANCE;
  }
}
