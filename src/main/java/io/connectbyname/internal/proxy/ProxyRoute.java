package io.connectbyname.internal.proxy;

import io.connectbyname.internal.engine.Destination;
import io.connectbyname.internal.engine.Dial;

import io.connectbyname.Connection;
import io.connectbyname.spi.AddressResolver;
import io.connectbyname.internal.text.Addresses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;

/**
 * A connect through the proxies the default {@link ProxySelector} chose, as the JDK's own SOCKS
 * socket makes it: each SOCKS proxy in turn, its own name connected by name, until one carries the
 * connection; {@link Proxy#NO_PROXY} in the list means direct. One deadline covers every proxy tried
 * and its handshake. A proxy that fails is reported to {@link ProxySelector#connectFailed}; a close
 * or an interrupt is not the proxy's failure and ends it all at once.
 */
public final class ProxyRoute {
  private ProxyRoute() {}

  /** What the route needs of the socket that owns it. */
  public interface Owner {
    /** A fresh dial for the next try (a dial runs once), or SocketException("Socket closed"). */
    Dial redial() throws SocketException;

    /** Makes {@code channel} (null = none) the one a close of the socket closes, or throws when closed. */
    void hold(SocketChannel channel) throws SocketException;
  }

  /** The outcome: the connection, and whether it goes through a proxy. */
  public record Route(Connection connection, boolean proxied) {}

  public static Route connect(Owner owner, Dial dial, AddressResolver resolver, List<Proxy> proxies,
      InetSocketAddress to, Duration timeout) throws IOException {
    boolean bounded = timeout != null && !timeout.isZero();
    long deadline = bounded ? System.nanoTime() + timeout.toNanos() : 0;
    IOException first = null;
    Dial d = dial;
    for (Proxy p : proxies) {
      Duration left = bounded ? Duration.ofNanos(deadline - System.nanoTime()) : timeout;
      if (bounded && (left.isNegative() || left.isZero())) {
        break; // the first failure, a timeout among them, is what is thrown
      }
      if (p.type() != Proxy.Type.SOCKS) {
        return new Route(Destination.connect(d, resolver, System::nanoTime, to, left), false);
      }
      InetSocketAddress proxy = (InetSocketAddress) p.address();
      try {
        return new Route(through(owner, d, resolver, proxy, to, deadline, bounded, timeout), true);
      } catch (IOException e) {
        owner.hold(null); // throws when the caller closed the socket: not the proxy's failure
        if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
          throw e; // interrupted: not the proxy's failure either, and no next proxy
        }
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
        ProxySelector selector = ProxySelector.getDefault();
        if (selector != null) {
          selector.connectFailed(URI.create("socket://" + Addresses.format(to)), proxy, e);
        }
        d = owner.redial();
      }
    }
    throw first != null ? first : new SocketTimeoutException("Connect to " + Addresses.format(to) + " timed out");
  }

  private static Connection through(Owner owner, Dial d, AddressResolver resolver, InetSocketAddress proxy,
      InetSocketAddress to, long deadline, boolean bounded, Duration timeout) throws IOException {
    Duration left = bounded ? Duration.ofNanos(Math.max(1, deadline - System.nanoTime())) : timeout;
    Connection c = Destination.connect(d, resolver, System::nanoTime, proxy, left);
    try {
      owner.hold(c.socket().getChannel()); // so that a close ends the handshake too
      Socket s = c.socket();
      int before = s.getSoTimeout();
      long millis = bounded ? (deadline - System.nanoTime() + 999_999) / 1_000_000 : 0;
      if (bounded && millis <= 0) {
        throw timedOut(to, proxy, timeout, null);
      }
      s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
      try {
        Socks.handshake(s, to, Socks.version4());
      } catch (SocketTimeoutException e) {
        throw timedOut(to, proxy, timeout, e);
      }
      s.setSoTimeout(before);
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private static SocketTimeoutException timedOut(InetSocketAddress to, InetSocketAddress proxy, Duration timeout,
      Exception cause) {
    SocketTimeoutException x = new SocketTimeoutException("Connect to " + Addresses.format(to)
        + " through SOCKS proxy " + Addresses.format(proxy) + " timed out after " + timeout.toMillis()
        + " ms" + (cause == null ? "" : ": the proxy did not answer"));
    x.initCause(cause);
    return x;
  }
}
