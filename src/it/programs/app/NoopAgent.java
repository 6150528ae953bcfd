package app;

/** A java agent that does nothing: what the JVM's own agent machinery costs at start-up. */
public final class NoopAgent {
  public static void premain(String arguments) {}
}
