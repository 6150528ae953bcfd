package io.connectbyname.clients;

import io.connectbyname.spi.AddressResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A resolver that knows one name the JVM does not, {@value #NAME}: ::1 then 127.0.0.1, like
 * {@link DeadFirstHost#NAME}. Named in a setting ({@code connectbyname.resolver=<this class>}), it
 * shows the configuration reaching a factory that a driver made by class name.
 */
public final class TwoAddressResolver implements AddressResolver {
  public static final String NAME = "resolver-only.test";

  /** Made by name by the {@code resolver} setting. */
  public TwoAddressResolver() {}

  @Override
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    if (!host.equalsIgnoreCase(NAME)) {
      throw new UnknownHostException(host + ": only " + NAME + " is known here");
    }
    return List.of(DeadFirstHost.DEAD, DeadFirstHost.LIVE);
  }
}
