package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.spi.AddressResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Settings as a value: equal when every setting is, whichever way it was made. */
class SettingsTest {
  private static final AddressResolver NONE = host -> List.of();

  /** One change of each setting: each makes settings that differ from the defaults. */
  private static final List<UnaryOperator<Settings>> CHANGES = List.of(
      s -> s.withTimeout(Duration.ofSeconds(5)),
      s -> s.withAttemptDelay(Duration.ofMillis(100)),
      s -> s.withStrategy(Settings.Strategy.SEQUENTIAL),
      s -> s.withFamily(Settings.Family.IPV6),
      s -> s.withMaxInFlight(2),
      s -> s.withResolver(NONE),
      s -> s.withServicesFile(Path.of("/nowhere/services")),
      s -> s.withServices(Map.of("app", 8080)),
      s -> s.withLog(Settings.Log.DEBUG),
      s -> s.withHistory(0, Duration.ofMinutes(10)),
      s -> s.withHistory(1024, Duration.ofMinutes(1)),
      s -> s.withNio(true));

  @Test
  void equalWhenEverySettingIsEqual() {
    Settings d = Settings.defaults();
    for (UnaryOperator<Settings> change : CHANGES) {
      Settings changed = change.apply(d);
      assertNotEquals(d, changed, "changed: " + changed);
      assertEquals(changed, change.apply(Settings.defaults()), "made twice: " + changed);
      assertEquals(changed.hashCode(), change.apply(Settings.defaults()).hashCode(), changed.toString());
    }
  }

  @Test
  void madeFromTextEqualsMadeByMethods() {
    Settings text = Settings.defaults().with(Map.of("timeout", "5000", "family", "ipv4",
        "services", "app:8080", "history", "off"), "test");
    Settings methods = Settings.defaults().withTimeout(Duration.ofSeconds(5))
        .withFamily(Settings.Family.IPV4).withServices(Map.of("app", 8080)).withHistory(0, Duration.ofMinutes(10));
    assertEquals(methods, text);
    assertEquals(methods.hashCode(), text.hashCode());
    assertEquals(methods.toString(), text.toString());
  }

  @Test
  void noTimeoutIsEmptyAndZeroMeansNone() {
    assertEquals(Optional.empty(), Settings.defaults().timeout());
    assertEquals(Optional.empty(), Settings.defaults().withTimeout(Duration.ofSeconds(3)).withTimeout(null).timeout());
    assertEquals(Optional.empty(), Settings.defaults().withTimeout(Duration.ZERO).timeout());
    assertEquals(Settings.defaults(), Settings.defaults().withTimeout(Duration.ZERO));
    assertEquals(Optional.of(Duration.ofSeconds(3)), Settings.defaults().withTimeout(Duration.ofSeconds(3)).timeout());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Settings.defaults().withTimeout(Duration.ofMillis(-5)));
    assertTrue(e.getMessage().contains("-5 ms"), e.getMessage());
  }

  @Test
  void aSmallAttemptDelayIsRaisedSoItEqualsTheMinimum() {
    assertEquals(Settings.defaults().withAttemptDelay(Settings.MIN_ATTEMPT_DELAY),
        Settings.defaults().withAttemptDelay(Duration.ofMillis(1)));
  }

  @Test
  void servicesCompareWithoutRegardToCase() {
    assertEquals(Settings.defaults().withServices(Map.of("App", 8080)).services().get("app"), 8080);
  }
}
