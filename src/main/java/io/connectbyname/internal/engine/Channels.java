package io.connectbyname.internal.engine;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * Where the engine's channels and selectors come from, and what kind of thread runs a connect. An
 * attempt is always a real JDK channel: made by the JDK's own provider, dual-stack as the JDK's
 * {@code Socket} is (IPv6 with IPv4-mapped addresses, unless {@code java.net.preferIPv4Stack}).
 */
public final class Channels {
  private static final MethodHandle IS_VIRTUAL = isVirtual();
  private static volatile SelectorProvider provider; // the JDK's, found on first use

  private Channels() {}

  /** A new, unconnected, blocking TCP channel, as {@code new Socket()} would make its descriptor. */
  public static SocketChannel open() throws IOException {
    return provider().openSocketChannel();
  }

  /** A new channel of {@code family}, or dual-stack for null. */
  public static SocketChannel open(java.net.ProtocolFamily family) throws IOException {
    return family == null ? provider().openSocketChannel() : provider().openSocketChannel(family);
  }

  /** A new selector of the JDK's own provider. */
  public static Selector selector() throws IOException {
    return provider().openSelector();
  }

  /**
   * The JDK's own provider: the JVM's, or the one this library's provider wraps when it is the
   * JVM's (an attempt must be a real JDK channel, not a channel that connects by name).
   */
  public static SelectorProvider provider() {
    SelectorProvider p = provider;
    if (p == null) {
      SelectorProvider system = SelectorProvider.provider();
      p = system instanceof Wrapping w ? w.wrapped() : system;
      provider = p;
    }
    return p;
  }

  /** A provider that wraps the JDK's. */
  public interface Wrapping {
    /** {@return the JDK's provider it wraps} */
    SelectorProvider wrapped();
  }

  /** Whether {@code thread} is a virtual thread (JDK 21+); false on a JDK without them. */
  public static boolean isVirtual(Thread thread) {
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invokeExact(thread);
    } catch (Throwable e) {
      throw new AssertionError(e); // Thread.isVirtual() throws nothing
    }
  }

  private static MethodHandle isVirtual() {
    try {
      return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // JDK 17-20: every thread is a platform thread
    }
  }
}
