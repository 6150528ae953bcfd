package io.connectbyname;

import io.connectbyname.spi.AddressResolver;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finding an {@link AddressResolver} by setting: {@code system}, {@code service}, or a class name. */
final class Resolvers {
  private Resolvers() {}

  /**
   * The resolver a {@code resolver} setting names: {@code system} ({@code InetAddress.getAllByName}),
   * {@code service} (the first {@link ServiceLoader} provider), or the name of a public class with a
   * public no-argument constructor that implements {@link AddressResolver}.
   *
   * @throws IllegalArgumentException saying why the named resolver cannot be had
   */
  static AddressResolver named(String value) {
    if (value.equals("system")) {
      return AddressResolver.system();
    }
    if (value.equals("service")) {
      return provided().orElseThrow(() -> new IllegalArgumentException(
          "no provider of io.connectbyname.spi.AddressResolver is on the class or module path"));
    }
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> type = Class.forName(value, true, loader != null ? loader : ClassLoader.getSystemClassLoader());
      if (!AddressResolver.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException("class " + value + " does not implement io.connectbyname.spi.AddressResolver");
      }
      return (AddressResolver) type.getConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("expected system, service or a class name; no class " + value + " was found");
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalArgumentException("cannot make a " + value + " with its public no-argument constructor: " + e);
    }
  }

  /** The first resolver provided through {@link ServiceLoader}, if any. */
  static Optional<AddressResolver> provided() {
    try {
      Iterator<AddressResolver> it = ServiceLoader.load(AddressResolver.class).iterator();
      return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    } catch (ServiceConfigurationError e) {
      throw new IllegalArgumentException("a provider of io.connectbyname.spi.AddressResolver is broken: " + e.getMessage(), e);
    }
  }
}
