package io.connectbyname.internal.nio;

import java.lang.instrument.Instrumentation;

/**
 * What the java agent does for {@code nio=on}: names {@code io.connectbyname.ByNameSelectorProvider}
 * as the JVM's selector provider, before anything has asked for one, once it knows the JDK's own
 * provider is in reach under it. Anything amiss, and nothing is changed: the JVM runs with the
 * JDK's provider, as without the library.
 */
public final class NioInstall {
  /** The system property the JDK reads, once, for its provider. */
  public static final String PROPERTY = "java.nio.channels.spi.SelectorProvider";
  private static final String PROVIDER = "io.connectbyname.ByNameSelectorProvider";

  private NioInstall() {}

  /**
   * Installs the provider JVM-wide.
   *
   * @return null when installed, else why not, in a few words
   */
  public static String install(Instrumentation instrumentation) {
    String named = System.getProperty(PROPERTY);
    if (named != null) {
      return named.equals(PROVIDER) ? null : "the JVM names another provider (-D" + PROPERTY + "=" + named + ")";
    }
    if (instrumentation == null) {
      return "the agent was given no Instrumentation";
    }
    if (providerChosen(instrumentation)) {
      return "the JVM has chosen its provider already (NIO was used before the agent ran)";
    }
    if (JdkSelectorProvider.get() == null) {
      return "the JDK's own provider is out of reach (java.base did not open sun.nio.ch to the library)";
    }
    System.setProperty(PROPERTY, PROVIDER);
    return null;
  }

  /** Whether {@code SelectorProvider.provider()} has been asked already: its holder class is loaded then. */
  private static boolean providerChosen(Instrumentation instrumentation) {
    for (Class<?> c : instrumentation.getAllLoadedClasses()) {
      if (c.getName().equals("java.nio.channels.spi.SelectorProvider$Holder")) {
        return true;
      }
    }
    return false;
  }
}
