package io.connectbyname.spi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** {@link AddressResolver#system()}: the JDK's {@link InetAddress#getAllByName}. */
final class SystemResolver implements AddressResolver {
  static final SystemResolver INSTANCE = new SystemResolver();

  private SystemResolver() {}

  @Override
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    return Arrays.asList(InetAddress.getAllByName(host));
  }

  @Override
  public String toString() {
    return "system";
  }
}
