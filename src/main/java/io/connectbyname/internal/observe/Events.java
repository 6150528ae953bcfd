package io.connectbyname.internal.observe;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The library's JFR event ({@code io.connectbyname.Connect}) when the {@code jdk.jfr} module is
 * present, and nothing at all when it is not: {@code jdk.jfr} is an optional dependency
 * ({@code requires static}), so {@link ConnectEvent} is loaded only after it is known to be there.
 *
 * <p>Nor is it loaded before Flight Recorder has started (a recording, {@code jcmd JFR.start},
 * {@code -XX:StartFlightRecording}): loading an event class makes the JDK set up JFR's metadata,
 * 100-200 ms that the first connect of every program would otherwise pay. After that, a connect
 * that nothing records pays one {@code isEnabled()} check.
 */
public final class Events {
  private static final boolean JFR = jfrPresent();

  private Events() {}

  /** Whether the {@code jdk.jfr} module is there, so that events can be recorded. */
  public static boolean available() {
    return JFR;
  }

  /** Starts the event of a connect: a token for {@link #end}, {@code null} when nothing records it. */
  public static Object begin() {
    return JFR && jdk.jfr.FlightRecorder.isInitialized() ? ConnectEvent.start() : null;
  }

  /**
   * Ends and commits the event {@link #begin} started; does nothing for {@code null}.
   *
   * @param remote the address that won, or {@code null}
   * @param outcome e.g. {@code connected}, {@code timed out}
   */
  public static void end(Object event, String node, String service, InetSocketAddress remote, int attempts,
      String outcome) {
    if (event != null) {
      ConnectEvent.end(event, node, service, remote, attempts, outcome);
    }
  }

  private static boolean jfrPresent() {
    try {
      Optional<Module> jfr = ModuleLayer.boot().findModule("jdk.jfr");
      if (jfr.isEmpty()) {
        return false; // a runtime image without it, or a module graph that did not resolve it
      }
      Module self = Events.class.getModule();
      if (!self.canRead(jfr.get())) {
        self.addReads(jfr.get());
      }
      Class.forName("jdk.jfr.Event", false, Events.class.getClassLoader());
      return true;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return false; // no JFR after all: no events, and the library works as ever
    }
  }
}
