package io.connectbyname;

import io.connectbyname.internal.text.Printable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Parsing of settings written as text: {@code key=value;key=value} and {@code name:port name:port}. */
final class SettingsText {
  private SettingsText() {}

  /**
   * Splits {@code text} into ordered {@code key=value} pairs at {@code separator}; blank pieces are
   * skipped, a later key replaces an earlier one.
   *
   * @param source where the text came from, for messages, e.g. {@code "agent arguments"}
   * @throws IllegalArgumentException naming the piece that has no {@code =} or an empty key, and the source
   */
  static Map<String, String> pairs(String text, char separator, String source) {
    Map<String, String> result = new LinkedHashMap<>();
    if (text == null) {
      return result;
    }
    for (String piece : text.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1)) {
      if (piece.isBlank()) {
        continue;
      }
      int eq = piece.indexOf('=');
      if (eq <= 0 || piece.substring(0, eq).isBlank()) {
        throw new IllegalArgumentException("Bad setting '" + Printable.shown(piece) + "' (from "
            + source + "): expected key=value");
      }
      result.remove(piece.substring(0, eq).strip());
      result.put(piece.substring(0, eq).strip(), piece.substring(eq + 1).strip());
    }
    return result;
  }

  /** The keys {@link #apply} knows, for messages. */
  static final String KEYS = "timeout, attemptDelay, strategy, family, maxInFlight, servicesFile, services, resolver, log, history, nio";

  /** Whether {@link #apply} knows {@code key}. */
  static boolean known(String key) {
    return key != null && java.util.Arrays.asList(KEYS.split(", ")).contains(key);
  }

  /**
   * {@code settings} with the keys of {@code values} set in order.
   *
   * @throws IllegalArgumentException naming the key, the value and the source when one is bad (an
   *     unknown key's value is not shown: it may be a secret filed under the wrong key)
   */
  static Settings apply(Settings settings, Map<String, String> values, String source) {
    Settings result = settings;
    for (Map.Entry<String, String> e : values.entrySet()) {
      try {
        result = apply(result, e.getKey(), e.getValue() == null ? "" : e.getValue().strip());
      } catch (RuntimeException x) {
        String value = known(e.getKey()) ? "=" + Printable.shown(e.getValue()) : "";
        throw new IllegalArgumentException("Bad setting " + Printable.shown(e.getKey()) + value
            + " (from " + Printable.shown(source, 300) + "): " + Printable.shown(x.getMessage(), 300), x);
      }
    }
    return result;
  }

  /**
   * {@code settings} with one key set from text.
   *
   * @throws IllegalArgumentException saying what is wrong with the value, or that the key is unknown
   */
  static Settings apply(Settings settings, String key, String value) {
    return switch (key) {
      case "timeout" -> settings.withTimeout(Duration.ofMillis(number(value)));
      case "attemptDelay" -> settings.withAttemptDelay(Duration.ofMillis(number(value)));
      case "strategy" -> settings.withStrategy(choice(Settings.Strategy.class, value));
      case "family" -> settings.withFamily(choice(Settings.Family.class, value));
      case "maxInFlight" -> settings.withMaxInFlight((int) Math.min(Integer.MAX_VALUE, number(value)));
      case "servicesFile" -> settings.withServicesFile(value.isEmpty() ? null : Path.of(value));
      case "services" -> settings.withServices(ports(value));
      case "resolver" -> settings.withResolver(Resolvers.named(value));
      case "log" -> settings.withLog(choice(Settings.Log.class, value));
      case "history" -> history(settings, value);
      case "nio" -> settings.withNio(onOff(value));
      default -> throw new IllegalArgumentException("unknown key; known keys are " + KEYS);
    };
  }

  /** {@code off}, {@code on} (the default bounds), or {@code SIZE/TTL_MS} such as {@code 1024/600000}. */
  private static Settings history(Settings settings, String value) {
    if (value.equalsIgnoreCase("off")) {
      return settings.withHistory(0, settings.historyTtl());
    }
    if (value.equalsIgnoreCase("on")) {
      return settings.withHistory(Settings.DEFAULT_HISTORY_SIZE, Settings.DEFAULT_HISTORY_TTL);
    }
    int slash = value.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("expected off, on, or SIZE/TTL_MS such as 1024/600000");
    }
    return settings.withHistory((int) Math.min(Integer.MAX_VALUE, number(value.substring(0, slash))),
        Duration.ofMillis(number(value.substring(slash + 1))));
  }

  private static boolean onOff(String value) {
    if (value.equalsIgnoreCase("on")) {
      return true;
    }
    if (value.equalsIgnoreCase("off")) {
      return false;
    }
    throw new IllegalArgumentException("expected on | off");
  }

  private static long number(String value) {
    if (!value.matches("\\d{1,18}")) {
      throw new IllegalArgumentException("expected a whole number >= 0");
    }
    return Long.parseLong(value);
  }

  private static <E extends Enum<E>> E choice(Class<E> type, String value) {
    for (E c : type.getEnumConstants()) {
      if (word(c).equalsIgnoreCase(value) || c.name().equalsIgnoreCase(value)) {
        return c;
      }
    }
    StringBuilder known = new StringBuilder();
    for (E c : type.getEnumConstants()) {
      known.append(known.length() == 0 ? "" : " | ").append(word(c));
    }
    throw new IllegalArgumentException("expected " + known);
  }

  private static String word(Enum<?> c) {
    return c.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses service overrides {@code name:port}, separated by spaces or {@code |}. */
  static Map<String, Integer> ports(String text) {
    Map<String, Integer> result = new LinkedHashMap<>();
    for (String piece : text.split("[\\s|]+")) {
      if (piece.isEmpty()) {
        continue;
      }
      int colon = piece.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("expected name:port, got '" + Printable.shown(piece) + "'");
      }
      String port = piece.substring(colon + 1);
      if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
        throw new IllegalArgumentException("port of '" + Printable.shown(piece) + "' is not in 0..65535");
      }
      result.put(piece.substring(0, colon), Integer.parseInt(port));
    }
    return result;
  }

}
