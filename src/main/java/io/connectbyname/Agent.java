package io.connectbyname;

import io.connectbyname.internal.nio.NioInstall;
import io.connectbyname.internal.socket.JdkAccess;
import java.lang.instrument.Instrumentation;

/**
 * The java agent: installs {@link ByNameSocketImplFactory} JVM-wide, so that every
 * {@code new Socket()} connects by name, with no change to the program.
 *
 * <ul>
 *   <li>{@code java -javaagent:connect-by-name.jar[=key=value,...] ...} (the {@code Premain-Class});
 *   <li>attached to a running JVM, e.g. {@code jcmd PID JVMTI.agent_load connect-by-name.jar} (the
 *       {@code Agent-Class}): sockets made from then on connect by name;
 *   <li>named as {@code Launcher-Agent-Class} in an application's own executable jar.
 * </ul>
 *
 * The arguments are settings, {@code key=value} separated by commas, applied after the rest of the
 * configuration chain ({@link Settings#configured()}). A bad setting stops the JVM at start-up
 * ({@code -javaagent}, {@code Launcher-Agent-Class}) with one line that names it and status 1; an
 * attach with a bad setting installs nothing and says why.
 */
public final class Agent {
  private Agent() {}

  /**
   * Called by the JVM for {@code -javaagent}: installs, or ends the JVM with one line and status 1.
   *
   * @param arguments the agent's arguments, {@code key=value,...} settings, or null
   * @param instrumentation the JVM's, with which the agent opens the JDK's socket implementation
   */
  public static void premain(String arguments, Instrumentation instrumentation) {
    open(instrumentation);
    if (!start(arguments, instrumentation)) {
      System.exit(1);
    }
  }

  /**
   * As {@link #premain(String, Instrumentation)}, without reaching the JDK's own socket implementation.
   *
   * @param arguments the agent's arguments, {@code key=value,...} settings, or null
   */
  public static void premain(String arguments) {
    if (!start(arguments, null)) {
      System.exit(1);
    }
  }

  /**
   * Called for {@code Launcher-Agent-Class}, at start-up: installs, or ends the JVM with one line and
   * status 1; and on attach: installs, or says why not and leaves the running JVM as it was.
   *
   * @param arguments the agent's arguments, {@code key=value,...} settings, or null
   * @param instrumentation the JVM's, with which the agent opens the JDK's socket implementation
   */
  public static void agentmain(String arguments, Instrumentation instrumentation) {
    open(instrumentation);
    attached(arguments, instrumentation);
  }

  /**
   * As {@link #agentmain(String, Instrumentation)}, without reaching the JDK's own socket implementation.
   *
   * @param arguments the agent's arguments, {@code key=value,...} settings, or null
   */
  public static void agentmain(String arguments) {
    attached(arguments, null);
  }

  private static void attached(String arguments, Instrumentation instrumentation) {
    if (!start(arguments, instrumentation)) {
      if (calledByLauncher()) {
        System.exit(1);
      }
      throw new IllegalArgumentException("connect-by-name: not installed, see the line above");
    }
  }

  private static void open(Instrumentation instrumentation) {
    try {
      JdkAccess.open(instrumentation);
    } catch (SecurityException e) {
      // by-name sockets use the channel's adaptor, and say why not the JDK's
    }
  }

  /** Whether the java launcher calls, for {@code Launcher-Agent-Class}, rather than an attach. */
  private static boolean calledByLauncher() {
    return StackWalker.getInstance().walk(frames -> frames.anyMatch(
        f -> f.getClassName().equals("sun.launcher.LauncherHelper")));
  }

  private static boolean start(String arguments, Instrumentation instrumentation) {
    try {
      Settings settings = Configuration.forAgent(arguments);
      ByNameSocketImplFactory.install(settings);
      if (settings.nio()) {
        String why = NioInstall.install(instrumentation);
        if (why != null) {
          System.err.println("connect-by-name: nio=on, but NIO channels do not connect by name: " + why);
        }
      }
      return true;
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("connect-by-name: " + e.getMessage());
      return false;
    } catch (SecurityException e) {
      // A security manager whose policy grants the library nothing: the JVM runs as without it.
      System.err.println("connect-by-name: not installed, the security manager denies it: " + e.getMessage());
      return true;
    }
  }
}
