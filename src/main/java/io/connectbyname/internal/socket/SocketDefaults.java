package io.connectbyname.internal.socket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The options a TCP socket channel supports here and their values on a new socket, read once from
 * a scratch channel, so that an unconnected by-name socket answers {@code getOption} as the JDK's.
 */
final class SocketDefaults {
  private SocketDefaults() {}

  private static final class Holder {
    static final Set<SocketOption<?>> SUPPORTED;
    static final Map<SocketOption<?>, Object> VALUES = new HashMap<>();

    static {
      try (SocketChannel scratch = SocketChannel.open()) {
        // SO_OOBINLINE is the channel's internal option; a Socket reaches it through setOOBInline.
        SUPPORTED = scratch.supportedOptions().stream()
            .filter(o -> !o.name().equals("SO_OOBINLINE")).collect(java.util.stream.Collectors.toUnmodifiableSet());
        for (SocketOption<?> option : SUPPORTED) {
          try {
            Object value = scratch.getOption(option);
            if (value != null) {
              VALUES.put(option, value);
            }
          } catch (IOException | RuntimeException e) {
            // an option that cannot be read on an unconnected socket has no default to show
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot open a socket channel to read option defaults", e);
      }
    }
  }

  /** The options a socket channel supports. */
  static Set<SocketOption<?>> supported() {
    return Holder.SUPPORTED;
  }

  /** The value of {@code option} on a new socket, or null when it has none. */
  @SuppressWarnings("unchecked")
  static <T> T value(SocketOption<T> option) {
    return (T) Holder.VALUES.get(option);
  }
}
