package io.connectbyname.internal.socket;

import io.connectbyname.internal.engine.SocketDefaults;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;

/**
 * The {@link SocketOptions} integer ids that {@link java.net.Socket}'s setters use, mapped to the
 * options a channel understands, with the JDK's value conventions and messages ({@code SO_LINGER}
 * is {@code false} when off, a bad value is {@code SocketException: Bad value for ...}), for a
 * socket that the JDK's own implementation does not hold: a by-name socket before its connect, and
 * one whose winner is a channel's socket adaptor.
 */
final class LegacyOptions {
  private LegacyOptions() {}

  /** Where the options go. */
  interface Target {
    <T> void set(SocketOption<T> name, T value) throws IOException;

    <T> T get(SocketOption<T> name) throws IOException;

    void soTimeout(int millis) throws IOException;

    int soTimeout() throws IOException;

    /** The bound local address, or null when not bound. */
    InetAddress boundAddress() throws IOException;
  }

  static void set(Target target, int id, Object value) throws SocketException {
    try {
      switch (id) {
        case SocketOptions.SO_LINGER -> target.set(StandardSocketOptions.SO_LINGER,
            value instanceof Boolean b && !b ? -1 : intValue(value, "SO_LINGER"));
        case SocketOptions.SO_TIMEOUT -> {
          int millis = intValue(value, "SO_TIMEOUT");
          if (millis < 0) {
            throw new IllegalArgumentException("timeout < 0");
          }
          target.soTimeout(millis);
        }
        case SocketOptions.IP_TOS -> target.set(StandardSocketOptions.IP_TOS, intValue(value, "IP_TOS"));
        case SocketOptions.TCP_NODELAY -> target.set(StandardSocketOptions.TCP_NODELAY, booleanValue(value, "TCP_NODELAY"));
        case SocketOptions.SO_SNDBUF -> target.set(StandardSocketOptions.SO_SNDBUF, positive(value, "SO_SNDBUF"));
        case SocketOptions.SO_RCVBUF -> target.set(StandardSocketOptions.SO_RCVBUF, positive(value, "SO_RCVBUF"));
        case SocketOptions.SO_KEEPALIVE -> target.set(StandardSocketOptions.SO_KEEPALIVE, booleanValue(value, "SO_KEEPALIVE"));
        case SocketOptions.SO_OOBINLINE -> target.set(SocketDefaults.oobInline(), booleanValue(value, "SO_OOBINLINE"));
        case SocketOptions.SO_REUSEADDR -> target.set(StandardSocketOptions.SO_REUSEADDR, booleanValue(value, "SO_REUSEADDR"));
        case SocketOptions.SO_REUSEPORT -> {
          reusePort();
          target.set(StandardSocketOptions.SO_REUSEPORT, booleanValue(value, "SO_REUSEPORT"));
        }
        default -> throw new SocketException("Unknown option " + id);
      }
    } catch (SocketException e) {
      throw e;
    } catch (IllegalArgumentException | UnsupportedOperationException | IOException e) {
      throw new SocketException(e.getMessage());
    }
  }

  static Object get(Target target, int id) throws SocketException {
    try {
      return switch (id) {
        case SocketOptions.SO_TIMEOUT -> target.soTimeout();
        case SocketOptions.TCP_NODELAY -> target.get(StandardSocketOptions.TCP_NODELAY);
        case SocketOptions.SO_OOBINLINE -> target.get(SocketDefaults.oobInline());
        case SocketOptions.SO_LINGER -> {
          int linger = target.get(StandardSocketOptions.SO_LINGER);
          yield linger == -1 ? Boolean.FALSE : (Object) linger;
        }
        case SocketOptions.SO_REUSEADDR -> target.get(StandardSocketOptions.SO_REUSEADDR);
        case SocketOptions.SO_BINDADDR -> {
          InetAddress local = target.boundAddress();
          yield local != null ? local : new java.net.InetSocketAddress(0).getAddress(); // unbound: the wildcard
        }
        case SocketOptions.SO_SNDBUF -> target.get(StandardSocketOptions.SO_SNDBUF);
        case SocketOptions.SO_RCVBUF -> target.get(StandardSocketOptions.SO_RCVBUF);
        case SocketOptions.IP_TOS -> target.get(StandardSocketOptions.IP_TOS);
        case SocketOptions.SO_KEEPALIVE -> target.get(StandardSocketOptions.SO_KEEPALIVE);
        case SocketOptions.SO_REUSEPORT -> {
          reusePort();
          yield target.get(StandardSocketOptions.SO_REUSEPORT);
        }
        default -> throw new SocketException("Unknown option " + id);
      };
    } catch (SocketException e) {
      throw e;
    } catch (IllegalArgumentException | UnsupportedOperationException | IOException e) {
      throw new SocketException(e.getMessage());
    }
  }

  private static void reusePort() throws SocketException {
    if (!SocketDefaults.supported().contains(StandardSocketOptions.SO_REUSEPORT)) {
      throw new SocketException("SO_REUSEPORT not supported");
    }
  }

  private static int intValue(Object value, String name) throws SocketException {
    if (value instanceof Integer i) {
      return i;
    }
    throw new SocketException("Bad value for " + name);
  }

  private static int positive(Object value, String name) throws SocketException {
    int i = intValue(value, name);
    if (i <= 0) {
      throw new SocketException(name + " <= 0");
    }
    return i;
  }

  private static boolean booleanValue(Object value, String name) throws SocketException {
    if (value instanceof Boolean b) {
      return b;
    }
    throw new SocketException("Bad value for " + name);
  }
}
