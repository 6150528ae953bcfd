package io.connectbyname;

import io.connectbyname.internal.socket.ByNameSocketImpl;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketImpl;
import java.net.SocketImplFactory;
import java.util.Objects;

/**
 * Makes every {@code new Socket()} of this JVM connect by name: installed once, at start-up, by
 * the java agent ({@code -javaagent:connect-by-name.jar}) or by {@link #install()}.
 *
 * <p>Client sockets only: {@code ServerSocket}s and the sockets they accept keep the JDK's own
 * implementation, and so do sockets made with an explicit SOCKS or HTTP {@code Proxy}. A socket
 * made with {@code Proxy.NO_PROXY} connects by name but never through a proxy; any other socket
 * honours the default {@code ProxySelector} for SOCKS, as the JDK's own does (the JDK itself drops
 * SOCKS once any factory is installed: this one keeps it).
 */
public final class ByNameSocketImplFactory implements SocketImplFactory {
  /** With class references: since JDK 22 a frame's descriptor is only given to such a walker. */
  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
  private static ByNameSocketImplFactory installed;

  private volatile Settings settings;

  /**
   * A factory whose sockets connect with {@code settings}; see {@link #install(Settings)}.
   *
   * @param settings what its sockets connect with
   */
  public ByNameSocketImplFactory(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Installs the factory JVM-wide with {@link Settings#configured()}; see {@link #install(Settings)}. */
  public static void install() {
    install(Settings.configured());
  }

  /**
   * Installs the factory JVM-wide with {@code settings}. Installing again replaces the settings of
   * sockets made from then on.
   *
   * @param settings what the JVM's sockets connect with from now on
   * @throws IllegalStateException when another {@link SocketImplFactory} holds the JVM's one slot
   */
  @SuppressWarnings("deprecation") // the JDK's one hook for every new Socket(); deprecated since 17, still there
  public static synchronized void install(Settings settings) {
    Objects.requireNonNull(settings, "settings");
    if (installed != null) {
      installed.settings = settings;
      return;
    }
    ByNameSocketImplFactory factory = new ByNameSocketImplFactory(settings);
    try {
      Socket.setSocketImplFactory(factory);
    } catch (IOException | Error e) {
      throw new IllegalStateException("Cannot install connect-by-name: another java.net.SocketImplFactory"
          + " is already installed in this JVM (" + e.getMessage() + ")", e);
    }
    installed = factory;
  }

  /** {@return whether {@link #install} has installed the factory in this JVM} */
  public static synchronized boolean isInstalled() {
    return installed != null;
  }

  /** {@return the settings new sockets connect with} */
  public Settings settings() {
    return settings;
  }

  /** A new by-name implementation; direct-only when the socket is being made with {@code Proxy.NO_PROXY}. */
  @Override
  public SocketImpl createSocketImpl() {
    return new ByNameSocketImpl(settings, !madeWithExplicitProxy());
  }

  /** Whether the caller is {@code new Socket(Proxy)}: the JDK calls factories only for NO_PROXY there. */
  private static boolean madeWithExplicitProxy() {
    return WALKER.walk(frames -> frames.limit(12).anyMatch(f -> f.getClassName().equals("java.net.Socket")
        && f.getMethodName().equals("<init>") && f.getDescriptor().equals("(Ljava/net/Proxy;)V")));
  }
}
