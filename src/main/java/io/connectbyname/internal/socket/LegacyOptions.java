package io.connectbyname.internal.socket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;

/**
 * The {@link SocketOptions} integer ids that {@link java.net.Socket}'s setters use, mapped to the
 * {@link StandardSocketOptions} a channel understands, with the JDK's value conventions
 * ({@code SO_LINGER} is {@code false} when off).
 */
final class LegacyOptions {
  private LegacyOptions() {}

  static void set(ByNameSocketImpl impl, int id, Object value) throws SocketException {
    switch (id) {
      case SocketOptions.SO_TIMEOUT -> impl.soTimeout(intValue(value, "SO_TIMEOUT"));
      case SocketOptions.SO_OOBINLINE -> impl.oobInline(booleanValue(value, "SO_OOBINLINE"));
      case SocketOptions.SO_LINGER -> standard(impl, StandardSocketOptions.SO_LINGER,
          Boolean.FALSE.equals(value) ? -1 : intValue(value, "SO_LINGER"));
      case SocketOptions.TCP_NODELAY -> standard(impl, StandardSocketOptions.TCP_NODELAY, booleanValue(value, "TCP_NODELAY"));
      case SocketOptions.SO_KEEPALIVE -> standard(impl, StandardSocketOptions.SO_KEEPALIVE, booleanValue(value, "SO_KEEPALIVE"));
      case SocketOptions.SO_REUSEADDR -> standard(impl, StandardSocketOptions.SO_REUSEADDR, booleanValue(value, "SO_REUSEADDR"));
      case SocketOptions.SO_REUSEPORT -> standard(impl, StandardSocketOptions.SO_REUSEPORT, booleanValue(value, "SO_REUSEPORT"));
      case SocketOptions.SO_SNDBUF -> standard(impl, StandardSocketOptions.SO_SNDBUF, positive(value, "SO_SNDBUF"));
      case SocketOptions.SO_RCVBUF -> standard(impl, StandardSocketOptions.SO_RCVBUF, positive(value, "SO_RCVBUF"));
      case SocketOptions.IP_TOS -> standard(impl, StandardSocketOptions.IP_TOS, intValue(value, "IP_TOS"));
      default -> throw new SocketException("Unknown option " + id);
    }
  }

  static Object get(ByNameSocketImpl impl, int id) throws SocketException {
    return switch (id) {
      case SocketOptions.SO_TIMEOUT -> {
        impl.ensureOpen();
        yield impl.soTimeout();
      }
      case SocketOptions.SO_OOBINLINE -> impl.oobInline();
      case SocketOptions.SO_LINGER -> {
        int linger = standard(impl, StandardSocketOptions.SO_LINGER);
        yield linger < 0 ? Boolean.FALSE : (Object) linger;
      }
      case SocketOptions.SO_BINDADDR -> {
        InetAddress local = impl.localAddress();
        yield local != null ? local : anyLocal();
      }
      case SocketOptions.TCP_NODELAY -> standard(impl, StandardSocketOptions.TCP_NODELAY);
      case SocketOptions.SO_KEEPALIVE -> standard(impl, StandardSocketOptions.SO_KEEPALIVE);
      case SocketOptions.SO_REUSEADDR -> standard(impl, StandardSocketOptions.SO_REUSEADDR);
      case SocketOptions.SO_REUSEPORT -> standard(impl, StandardSocketOptions.SO_REUSEPORT);
      case SocketOptions.SO_SNDBUF -> standard(impl, StandardSocketOptions.SO_SNDBUF);
      case SocketOptions.SO_RCVBUF -> standard(impl, StandardSocketOptions.SO_RCVBUF);
      case SocketOptions.IP_TOS -> standard(impl, StandardSocketOptions.IP_TOS);
      default -> throw new SocketException("Unknown option " + id);
    };
  }

  private static <T> void standard(ByNameSocketImpl impl, SocketOption<T> name, T value) throws SocketException {
    try {
      impl.setOption(name, value);
    } catch (SocketException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      throw new SocketException(e.getMessage());
    }
  }

  private static <T> T standard(ByNameSocketImpl impl, SocketOption<T> name) throws SocketException {
    try {
      return impl.getOption(name);
    } catch (SocketException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      throw new SocketException(e.getMessage());
    }
  }

  private static int intValue(Object value, String name) throws SocketException {
    if (value instanceof Integer i) {
      return i;
    }
    throw new SocketException("Bad value for " + name + ": " + value);
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
    throw new SocketException("Bad value for " + name + ": " + value);
  }

  private static InetAddress anyLocal() {
    try {
      return InetAddress.getByAddress(new byte[4]);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
