package io.connectbyname;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * System properties {@code connectbyname.*} set for the length of a test, as
 * {@code -Dconnectbyname.KEY=VALUE} would set them, with {@link Settings#configured()} read again
 * after each change (it is read once per JVM otherwise). {@link #close()} puts back what was there
 * before and has the chain read again; use it in try-with-resources. Tests run one at a time.
 *
 * <pre>{@code
 * try (TemporarySettings s = TemporarySettings.of("attemptDelay", "100")) {
 *   ConnectByName.connect(...);   // with -Dconnectbyname.attemptDelay=100
 * }
 * }</pre>
 */
public final class TemporarySettings implements AutoCloseable {
  /** What each property set here held before: its value, or null when it was not set. */
  private final Map<String, String> before = new LinkedHashMap<>();

  private TemporarySettings() {}

  /** Sets {@code connectbyname.KEY} to {@code VALUE} for each pair of {@code keysAndValues}. */
  public static TemporarySettings of(String... keysAndValues) {
    TemporarySettings s = new TemporarySettings();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      s.set(keysAndValues[i], keysAndValues[i + 1]);
    }
    return s;
  }

  /** Sets {@code connectbyname.KEY} (again), and has the chain read again. */
  public TemporarySettings set(String key, String value) {
    String name = Configuration.PROPERTY_PREFIX + key;
    if (!before.containsKey(name)) {
      before.put(name, System.getProperty(name));
    }
    System.setProperty(name, value);
    Configuration.forget();
    return this;
  }

  @Override
  public void close() {
    before.forEach((name, value) -> {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    });
    Configuration.forget();
  }
}
