package io.connectbyname.internal.nio;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.SelectableChannel;

/**
 * The JDK's {@code sun.nio.ch.SelChImpl.kill}: what closes the descriptor of one of its channels
 * that was closed while registered. The JDK defers that close until the channel's last key is
 * deregistered, and only its own selector calls {@code kill} then; when the last key is one of
 * this library's, this library must. Reached where {@code java.base} exports or opens
 * {@code sun.nio.ch} to this library (the java agent does; so must a JVM-wide provider).
 */
final class JdkChannelKill {
  private static final MethodHandle KILL = find();

  private JdkChannelKill() {}

  private static MethodHandle find() {
    try {
      Class<?> c = Class.forName("sun.nio.ch.SelChImpl");
      if (!c.getModule().isExported(c.getPackageName(), JdkChannelKill.class.getModule())) {
        return null;
      }
      return MethodHandles.lookup().findVirtual(c, "kill", MethodType.methodType(void.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // out of reach: the selector hands out the JDK's own keys instead
    }
  }

  /** Whether {@link #kill} can be called here. */
  static boolean available() {
    return KILL != null;
  }

  /** Closes the descriptor of {@code ch}, a JDK channel closed and no longer registered anywhere. */
  static void kill(SelectableChannel ch) throws IOException {
    try {
      KILL.invoke(ch);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException(e);
    }
  }
}
