package io.connectbyname.internal.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The options a TCP socket supports here and their values on a new socket, read once from a scratch
 * channel: what a socket answers while its connect is under way and no channel of its own is at hand.
 */
public final class SocketDefaults {
  private SocketDefaults() {}

  private static final class Holder {
    static final Set<SocketOption<?>> SUPPORTED;
    static final Set<SocketOption<?>> CHANNEL;
    static final SocketOption<?> OOBINLINE;
    static final Map<SocketOption<?>, Object> VALUES = new HashMap<>();

    static {
      try (SocketChannel scratch = Channels.open()) {
        Set<SocketOption<?>> supported = new HashSet<>();
        SocketOption<?> oob = null;
        for (SocketOption<?> option : scratch.supportedOptions()) {
          if (option.name().equals("SO_OOBINLINE")) {
            oob = option; // the channel's internal option; a Socket reaches it through setOOBInline
          } else {
            supported.add(option);
          }
          try {
            Object value = scratch.getOption(option);
            if (value != null) {
              VALUES.put(option, value);
            }
          } catch (IOException | RuntimeException e) {
            // an option that cannot be read on an unconnected socket has no default to show
          }
        }
        SUPPORTED = Set.copyOf(supported);
        CHANNEL = Set.copyOf(scratch.supportedOptions());
        OOBINLINE = oob;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot open a socket channel to read option defaults", e);
      }
    }
  }

  /** The options a {@code Socket} supports: a socket channel's, without its internal SO_OOBINLINE. */
  public static Set<SocketOption<?>> supported() {
    return Holder.SUPPORTED;
  }

  /** The options a JDK socket channel supports, SO_OOBINLINE among them. */
  public static Set<SocketOption<?>> channelOptions() {
    return Holder.CHANNEL;
  }

  /** The channel's own SO_OOBINLINE option, which {@code Socket.setOOBInline} sets. */
  @SuppressWarnings("unchecked")
  public static SocketOption<Boolean> oobInline() {
    return (SocketOption<Boolean>) Holder.OOBINLINE;
  }

  /** The value of {@code option} on a new socket, or null when it has none. */
  @SuppressWarnings("unchecked")
  public static <T> T value(SocketOption<T> option) {
    return (T) Holder.VALUES.get(option);
  }
}
