package io.connectbyname.internal.nio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.spi.SelectorProvider;

/**
 * The JDK's own selector provider ({@code sun.nio.ch.DefaultSelectorProvider}), for when this
 * library's provider is the JVM's and so {@code SelectorProvider.provider()} is ours: reached only
 * where {@code java.base} opens or exports {@code sun.nio.ch} to this library (the java agent does).
 */
public final class JdkSelectorProvider {
  private JdkSelectorProvider() {}

  /** The JDK's default provider, or null when {@code sun.nio.ch} is out of reach. */
  public static SelectorProvider get() {
    try {
      Class<?> c = Class.forName("sun.nio.ch.DefaultSelectorProvider");
      if (!c.getModule().isExported(c.getPackageName(), JdkSelectorProvider.class.getModule())) {
        return null;
      }
      return (SelectorProvider) MethodHandles.lookup()
          .findStatic(c, "get", MethodType.methodType(c.getMethod("get").getReturnType())).invoke();
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      return null; // not reachable here: the caller keeps the JDK's provider as it is
    }
  }
}
