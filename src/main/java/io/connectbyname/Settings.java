package io.connectbyname;

import io.connectbyname.spi.AddressResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How to connect by name: one immutable value, changed with the {@code with...} methods, each of
 * which returns a copy. {@link #defaults()} is the starting point.
 *
 * <p>Settings can also be read from text, {@code key=value} pairs, with {@link #with(Map, String)}:
 * the keys are {@code timeout}, {@code attemptDelay}, {@code strategy}, {@code family},
 * {@code maxInFlight}, {@code servicesFile} and {@code services}. An unknown key or a bad value is
 * an {@link IllegalArgumentException} that names the key, the value and where it came from.
 */
public final class Settings {
  /** The attempt delay used unless set: 250 ms, as RFC 8305 recommends. */
  public static final Duration DEFAULT_ATTEMPT_DELAY = Duration.ofMillis(250);
  /** The smallest attempt delay: 10 ms (RFC 8305 §5); smaller values are raised to it. */
  public static final Duration MIN_ATTEMPT_DELAY = Duration.ofMillis(10);
  /** The number of attempts in flight at once unless set: 8. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 8;

  /** How the addresses of a name are tried. */
  public enum Strategy {
    /** RFC 8305: start the next attempt after the attempt delay or when one fails. The default. */
    HAPPY_EYEBALLS,
    /** One attempt at a time, in order, as {@code WSAConnectByList} does. */
    SEQUENTIAL
  }

  /** Which address families are tried. */
  public enum Family {
    /** IPv4 and IPv6. The default. */
    ANY,
    /** IPv4 only. */
    IPV4,
    /** IPv6 only. */
    IPV6
  }

  private static final Settings DEFAULTS =
      new Settings(null, DEFAULT_ATTEMPT_DELAY, Strategy.HAPPY_EYEBALLS, Family.ANY,
          DEFAULT_MAX_IN_FLIGHT, AddressResolver.system(), null, Map.of());

  private final Duration timeout;
  private final Duration attemptDelay;
  private final Strategy strategy;
  private final Family family;
  private final int maxInFlight;
  private final AddressResolver resolver;
  private final Path servicesFile;
  private final Map<String, Integer> services;
  private volatile Services servicesDatabase;

  private Settings(Duration timeout, Duration attemptDelay, Strategy strategy, Family family,
      int maxInFlight, AddressResolver resolver, Path servicesFile, Map<String, Integer> services) {
    this.timeout = timeout;
    this.attemptDelay = attemptDelay;
    this.strategy = strategy;
    this.family = family;
    this.maxInFlight = maxInFlight;
    this.resolver = resolver;
    this.servicesFile = servicesFile;
    this.services = services;
  }

  /** The built-in defaults: no timeout, 250 ms attempt delay, Happy Eyeballs, any family. */
  public static Settings defaults() {
    return DEFAULTS;
  }

  /** The overall connect timeout used when the caller gives none; {@code null} = none (OS limits). */
  public Duration timeout() {
    return timeout;
  }

  /** How long an attempt runs alone before the next one starts; default 250 ms, at least 10 ms. */
  public Duration attemptDelay() {
    return attemptDelay;
  }

  /** How addresses are tried; default {@link Strategy#HAPPY_EYEBALLS}. */
  public Strategy strategy() {
    return strategy;
  }

  /** Which address families are tried; default {@link Family#ANY}. */
  public Family family() {
    return family;
  }

  /** The most attempts in flight at once; default 8. */
  public int maxInFlight() {
    return maxInFlight;
  }

  /** The resolver of host names; default {@link AddressResolver#system()}. */
  public AddressResolver resolver() {
    return resolver;
  }

  /** The services file, or {@code null} for the system's ({@code /etc/services}). */
  public Path servicesFile() {
    return servicesFile;
  }

  /** Service names mapped to ports, looked up before the services file; default none. */
  public Map<String, Integer> services() {
    return services;
  }

  /** The services database these settings describe: overrides, then the file, then the bundled copy. */
  public Services servicesDatabase() {
    Services db = servicesDatabase;
    if (db == null) {
      db = servicesFile == null && services.isEmpty() ? Services.system() : Services.of(services, servicesFile);
      servicesDatabase = db;
    }
    return db;
  }

  /** With an overall timeout; {@code null} or zero = none. */
  public Settings withTimeout(Duration timeout) {
    return new Settings(checkTimeout(timeout), attemptDelay, strategy, family, maxInFlight, resolver,
        servicesFile, services);
  }

  /** With an attempt delay; values under 10 ms are raised to 10 ms. */
  public Settings withAttemptDelay(Duration delay) {
    Objects.requireNonNull(delay, "attemptDelay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("attemptDelay must not be negative: " + delay.toMillis() + " ms");
    }
    Duration floored = delay.compareTo(MIN_ATTEMPT_DELAY) < 0 ? MIN_ATTEMPT_DELAY : delay;
    return new Settings(timeout, floored, strategy, family, maxInFlight, resolver, servicesFile, services);
  }

  /** With a strategy. */
  public Settings withStrategy(Strategy strategy) {
    return new Settings(timeout, attemptDelay, Objects.requireNonNull(strategy, "strategy"), family,
        maxInFlight, resolver, servicesFile, services);
  }

  /** With a family filter. */
  public Settings withFamily(Family family) {
    return new Settings(timeout, attemptDelay, strategy, Objects.requireNonNull(family, "family"),
        maxInFlight, resolver, servicesFile, services);
  }

  /** With a bound on attempts in flight at once, at least 1. */
  public Settings withMaxInFlight(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1: " + max);
    }
    return new Settings(timeout, attemptDelay, strategy, family, max, resolver, servicesFile, services);
  }

  /** With a resolver. */
  public Settings withResolver(AddressResolver resolver) {
    return new Settings(timeout, attemptDelay, strategy, family, maxInFlight,
        Objects.requireNonNull(resolver, "resolver"), servicesFile, services);
  }

  /** With a services file; {@code null} = the system's. */
  public Settings withServicesFile(Path file) {
    return new Settings(timeout, attemptDelay, strategy, family, maxInFlight, resolver, file, services);
  }

  /** With service names mapped to ports, looked up first (validated at once). */
  public Settings withServices(Map<String, Integer> overrides) {
    Services.of(overrides, null); // validates, names the bad entry
    Map<String, Integer> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(overrides);
    return new Settings(timeout, attemptDelay, strategy, family, maxInFlight, resolver, servicesFile,
        Map.copyOf(copy));
  }

  /**
   * With the settings named in {@code values} (keys as in the class comment) applied in order.
   *
   * @param source where the values came from, for messages, e.g. {@code "agent arguments"}
   * @throws IllegalArgumentException naming the key, the value and the source when one is bad
   */
  public Settings with(Map<String, String> values, String source) {
    Settings result = this;
    for (Map.Entry<String, String> e : values.entrySet()) {
      try {
        result = result.with(e.getKey(), e.getValue().strip());
      } catch (RuntimeException x) {
        throw new IllegalArgumentException("Bad setting " + e.getKey() + "=" + e.getValue()
            + " (from " + source + "): " + x.getMessage(), x);
      }
    }
    return result;
  }

  private Settings with(String key, String value) {
    switch (key) {
      case "timeout": return withTimeout(Duration.ofMillis(millis(value)));
      case "attemptDelay": return withAttemptDelay(Duration.ofMillis(millis(value)));
      case "strategy": return withStrategy(choice(Strategy.class, value.replace('-', '_')));
      case "family": return withFamily(choice(Family.class, value));
      case "maxInFlight": return withMaxInFlight(Math.toIntExact(millis(value)));
      case "servicesFile": return withServicesFile(value.isEmpty() ? null : Path.of(value));
      case "services": return withServices(SettingsText.ports(value));
      default:
        throw new IllegalArgumentException("unknown key; known keys are timeout, attemptDelay, "
            + "strategy, family, maxInFlight, servicesFile, services");
    }
  }

  private static long millis(String value) {
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        throw new IllegalArgumentException("expected a whole number >= 0");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number >= 0");
    }
  }

  private static <E extends Enum<E>> E choice(Class<E> type, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder known = new StringBuilder();
      for (E c : type.getEnumConstants()) {
        known.append(known.length() == 0 ? "" : " | ").append(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      throw new IllegalArgumentException("expected " + known);
    }
  }

  private static Duration checkTimeout(Duration timeout) {
    if (timeout == null || timeout.isZero()) {
      return null;
    }
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout.toMillis() + " ms");
    }
    return timeout;
  }

  @Override
  public String toString() {
    return "Settings[timeout=" + (timeout == null ? "none" : timeout.toMillis() + " ms")
        + ", attemptDelay=" + attemptDelay.toMillis() + " ms, strategy=" + strategy
        + ", family=" + family + ", maxInFlight=" + maxInFlight + ", servicesFile=" + servicesFile
        + ", services=" + services + "]";
  }
}
