package io.connectbyname.internal.socket;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * What the java agent opens of {@code java.base} to this library, so that a by-name socket can
 * hand its connection to the JDK's own socket implementation ({@link JdkSockets}): the package of
 * that implementation ({@code sun.nio.ch}), and the JDK's common cleaner ({@code jdk.internal.ref}),
 * which closes a socket collected unclosed. Nothing is changed in any class; no other module sees
 * more than before.
 */
public final class JdkAccess {
  private JdkAccess() {}

  /**
   * Opens what the library needs, if {@code instrumentation} may; a JVM that refuses keeps its
   * modules as they were, and by-name sockets fall back to the channel's adaptor.
   */
  public static void open(Instrumentation instrumentation) {
    Module base = Object.class.getModule();
    Module self = JdkAccess.class.getModule();
    if (instrumentation == null || !instrumentation.isModifiableModule(base)) {
      return;
    }
    try {
      instrumentation.redefineModule(base, Set.of(), Map.of("jdk.internal.ref", Set.of(self)),
          Map.of("sun.nio.ch", Set.of(self)), Set.of(), Map.of());
    } catch (RuntimeException e) {
      // the module stays as it was: JdkSockets says why it cannot be used
    }
  }
}
