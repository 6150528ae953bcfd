package io.connectbyname.internal.proxy;

import io.connectbyname.internal.engine.Destination;
import io.connectbyname.internal.engine.Dial;
import io.connectbyname.internal.engine.Dialed;
import io.connectbyname.internal.text.Addresses;
import io.connectbyname.spi.AddressResolver;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.List;

/**
 * A connect through the proxies the default {@link ProxySelector} chose, as the JDK's own SOCKS
 * socket makes it: each SOCKS proxy in turn, its own name connected by name, until one carries the
 * connection; {@link Proxy#NO_PROXY} in the list means direct. One deadline covers every proxy tried
 * and its handshake. A proxy that fails is reported to {@link ProxySelector#connectFailed}; when
 * none could be reached, the JDK's {@code Can't connect to SOCKS proxy:} error. A close or an
 * interrupt is not the proxy's failure and ends it all at once.
 */
public final class ProxyRoute {
  private ProxyRoute() {}

  /** What the route needs of a connection to a proxy: its streams, a read timeout, close. */
  public interface Link extends Closeable {
    /** The connection's input. */
    InputStream inputStream() throws IOException;

    /** The connection's output. */
    OutputStream outputStream() throws IOException;

    /** The read timeout in milliseconds, 0 = none. */
    int readTimeout() throws IOException;

    /** Sets the read timeout in milliseconds, 0 = none. */
    void readTimeout(int millis) throws IOException;
  }

  /** What the route needs of the socket that owns it. */
  public interface Owner<T extends Link> {
    /** A fresh dial for the next try (a dial runs once), or SocketException("Socket closed"). */
    Dial<T> redial() throws SocketException;

    /** Makes {@code link} (null = none) the one a close of the socket closes, or throws when closed. */
    void hold(T link) throws SocketException;
  }

  /**
   * The outcome: the connection, and whether it goes through a proxy.
   *
   * @param <T> the kind of connection
   */
  public record Route<T>(Dialed<T> connection, boolean proxied) {}

  /**
   * Connects to {@code to} through the first of {@code proxies} that can be reached, as the JDK's
   * SOCKS socket does: a proxy that cannot be connected to makes way for the next; once one is
   * connected, its handshake decides.
   */
  public static <T extends Link> Route<T> connect(Owner<T> owner, Dial<T> dial, AddressResolver resolver,
      List<Proxy> proxies, InetSocketAddress to, Duration timeout) throws IOException {
    boolean bounded = timeout != null && !timeout.isZero();
    long deadline = bounded ? System.nanoTime() + timeout.toNanos() : 0;
    IOException last = null;
    Dial<T> d = dial;
    for (Proxy p : proxies) {
      if (p.type() != Proxy.Type.SOCKS) {
        return new Route<>(Destination.connect(d, resolver, System::nanoTime, to, left(bounded, deadline, timeout)),
            false);
      }
      InetSocketAddress proxy = (InetSocketAddress) p.address();
      Dialed<T> c;
      try {
        c = Destination.connect(d, resolver, System::nanoTime, proxy, left(bounded, deadline, timeout));
      } catch (IOException e) {
        owner.hold(null); // throws when the caller closed the socket: not the proxy's failure
        if (e instanceof ClosedByInterruptException || e.getCause() instanceof ClosedByInterruptException) {
          throw e; // interrupted: not the proxy's failure either, and no next proxy
        }
        if (last != null) {
          e.addSuppressed(last);
        }
        last = e;
        ProxySelector selector = ProxySelector.getDefault();
        if (selector != null) {
          selector.connectFailed(URI.create("socket://" + Addresses.format(to)), proxy, e);
        }
        d = owner.redial();
        continue;
      }
      handshake(owner, c.connected(), proxy, to, deadline, bounded, timeout);
      return new Route<>(c, true);
    }
    if (last == null) {
      throw new SocketTimeoutException(io.connectbyname.internal.engine.Failure.TIMED_OUT);
    }
    SocketException none = new SocketException("Can't connect to SOCKS proxy:" + last.getMessage());
    none.initCause(last);
    throw none;
  }

  /** The time left of the one deadline, at least 1 ns; the caller's timeout when there is none. */
  private static Duration left(boolean bounded, long deadline, Duration timeout) {
    return bounded ? Duration.ofNanos(Math.max(1, deadline - System.nanoTime())) : timeout;
  }

  private static <T extends Link> void handshake(Owner<T> owner, T link, InetSocketAddress proxy,
      InetSocketAddress to, long deadline, boolean bounded, Duration timeout) throws IOException {
    try {
      owner.hold(link); // so that a close ends the handshake too
      int before = link.readTimeout();
      long millis = bounded ? (deadline - System.nanoTime() + 999_999) / 1_000_000 : 0;
      if (bounded && millis <= 0) {
        throw timedOut(to, proxy, timeout, null);
      }
      link.readTimeout((int) Math.min(Integer.MAX_VALUE, millis));
      try {
        Socks.handshake(link.inputStream(), link.outputStream(), proxy, to, Socks.version4());
      } catch (SocketTimeoutException e) {
        throw timedOut(to, proxy, timeout, e);
      }
      link.readTimeout(before);
    } catch (IOException | RuntimeException e) {
      link.close();
      throw e;
    }
  }

  private static SocketTimeoutException timedOut(InetSocketAddress to, InetSocketAddress proxy, Duration timeout,
      Exception cause) {
    SocketTimeoutException x = new SocketTimeoutException("Connect timed out"
        + (io.connectbyname.internal.engine.Failure.hostInfo() ? ": " + Addresses.format(to) + " through SOCKS proxy "
            + Addresses.format(proxy) : "")
        + " after " + timeout.toMillis() + " ms" + (cause == null ? "" : ": the SOCKS proxy did not answer"));
    x.initCause(cause);
    return x;
  }
}
