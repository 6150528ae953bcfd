package io.connectbyname;

import io.connectbyname.spi.AddressResolver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How to connect by name: one immutable value, changed with the {@code with...} methods, each of
 * which returns a copy. {@link #defaults()} is the starting point.
 *
 * <p>Settings can also be read from text, {@code key=value} pairs, with {@link #with(Map, String)}:
 * the keys are {@code timeout}, {@code attemptDelay}, {@code strategy}, {@code family},
 * {@code maxInFlight}, {@code servicesFile}, {@code services}, {@code resolver}, {@code log},
 * {@code history} and {@code nio}.
 * An unknown key or a bad value is an {@link IllegalArgumentException} that names the key, the
 * value and where it came from. {@link #configured()} reads them from the configuration chain.
 *
 * <p>Settings are a value: two are {@linkplain #equals equal} when every setting is, however they
 * were made. No timeout is {@link Optional#empty()}, never {@code null}.
 */
public final class Settings {
  /** The attempt delay used unless set: 250 ms, as RFC 8305 recommends. */
  public static final Duration DEFAULT_ATTEMPT_DELAY = Duration.ofMillis(250);
  /** The smallest attempt delay: 10 ms (RFC 8305 §5); smaller values are raised to it. */
  public static final Duration MIN_ATTEMPT_DELAY = Duration.ofMillis(10);
  /** Names (with port) the connect history remembers unless set: 1024. */
  public static final int DEFAULT_HISTORY_SIZE = 1024;
  /** How long the connect history remembers a winner or a failure unless set: 10 minutes. */
  public static final Duration DEFAULT_HISTORY_TTL = Duration.ofMinutes(10);
  /** Whether the java agent makes NIO channels connect by name unless set: off, see the README. */
  public static final boolean DEFAULT_NIO = false;
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

  /** What the library logs through {@link System.Logger} (logger {@code io.connectbyname}). */
  public enum Log {
    /** Nothing. */
    OFF,
    /** One INFO line when a connect needed more than one attempt or failed. The default. */
    INFO,
    /** Also one DEBUG line per attempt. */
    DEBUG
  }

  private static final Settings DEFAULTS = new Settings(new Values());

  private final Duration timeout;
  private final Duration attemptDelay;
  private final Strategy strategy;
  private final Family family;
  private final int maxInFlight;
  private final AddressResolver resolver;
  private final Path servicesFile;
  private final Map<String, Integer> services;
  private final Log log;
  private final int historySize;
  private final Duration historyTtl;
  private final boolean nio;
  private volatile Services servicesDatabase;

  private Settings(Values v) {
    this.timeout = v.timeout;
    this.attemptDelay = v.attemptDelay;
    this.strategy = v.strategy;
    this.family = v.family;
    this.maxInFlight = v.maxInFlight;
    this.resolver = v.resolver;
    this.servicesFile = v.servicesFile;
    this.services = v.services;
    this.log = v.log;
    this.historySize = v.historySize;
    this.historyTtl = v.historyTtl;
    this.nio = v.nio;
  }

  /** {@return the built-in defaults}: no timeout, 250 ms attempt delay, Happy Eyeballs, any family. */
  public static Settings defaults() {
    return DEFAULTS;
  }

  /**
   * {@return the settings of this JVM}, read once from the configuration chain (later wins): built-in
   * defaults, {@code connect-by-name.properties} on the class path, the file named by the system
   * property {@code connectbyname.config} (or {@code CONNECTBYNAME_CONFIG}), the environment
   * ({@code CONNECTBYNAME_ATTEMPT_DELAY=100}), system properties ({@code -Dconnectbyname.attemptDelay=100}),
   * and the java agent's arguments when it installed them.
   *
   * @throws IllegalArgumentException naming the key, the value and the source of a bad setting
   */
  public static Settings configured() {
    return Configuration.current();
  }

  /**
   * The overall connect timeout used when the caller gives none; empty = none, the connect then
   * ends only when every address has failed or the OS gave up on it (Linux: about two minutes per
   * address that does not answer).
   *
   * @return the timeout, positive, or empty for none
   */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** {@return how long an attempt runs alone before the next one starts}; default 250 ms, at least 10 ms. */
  public Duration attemptDelay() {
    return attemptDelay;
  }

  /** {@return how addresses are tried}; default {@link Strategy#HAPPY_EYEBALLS}. */
  public Strategy strategy() {
    return strategy;
  }

  /** {@return which address families are tried}; default {@link Family#ANY}. */
  public Family family() {
    return family;
  }

  /** {@return the most attempts in flight at once}; default 8. */
  public int maxInFlight() {
    return maxInFlight;
  }

  /** {@return the resolver of host names}; default {@link AddressResolver#system()}. */
  public AddressResolver resolver() {
    return resolver;
  }

  /** {@return the services file, or {@code null} for the system's} ({@code /etc/services}). */
  public Path servicesFile() {
    return servicesFile;
  }

  /** {@return service names mapped to ports}, looked up before the services file; default none. */
  public Map<String, Integer> services() {
    return services;
  }

  /**
   * {@return how many names (with port) the connect history remembers}, 0 = history off; default
   * 1024. The history moves the address that won last to the front and recent failures to the back.
   */
  public int historySize() {
    return historySize;
  }

  /** {@return how long the connect history remembers a winner or a failure}; default 10 minutes. */
  public Duration historyTtl() {
    return historyTtl;
  }

  /**
   * With a connect history of {@code size} names kept {@code ttl} long.
   *
   * @param size how many names the history remembers; 0 turns it off
   * @param ttl how long it remembers each, positive
   * @return settings that differ from these in the history alone
   * @throws IllegalArgumentException for a negative size or a ttl that is not positive
   */
  public Settings withHistory(int size, Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (size < 0) {
      throw new IllegalArgumentException("history size must not be negative: " + size);
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("history ttl must be positive: " + ttl.toMillis() + " ms");
    }
    Values v = values();
    v.historySize = size;
    v.historyTtl = ttl;
    return new Settings(v);
  }

  /**
   * {@return whether the java agent makes NIO's TCP channels connect by name too}, installing
   * {@link ByNameSelectorProvider} JVM-wide; default {@link #DEFAULT_NIO}. Read by the agent alone.
   */
  public boolean nio() {
    return nio;
  }

  /**
   * With NIO channels connecting by name under the java agent, or not.
   *
   * @param on whether the agent installs {@link ByNameSelectorProvider}
   * @return settings that differ from these in that alone
   */
  public Settings withNio(boolean on) {
    Values v = values();
    v.nio = on;
    return new Settings(v);
  }

  /** {@return what is logged}; default {@link Log#INFO}. */
  public Log log() {
    return log;
  }

  /** {@return the services database these settings describe}: overrides, then the file, then the bundled copy. */
  public Services servicesDatabase() {
    Services db = servicesDatabase;
    if (db == null) {
      db = servicesFile == null && services.isEmpty() ? Services.system() : Services.of(services, servicesFile);
      servicesDatabase = db;
    }
    return db;
  }

  /**
   * With an overall timeout.
   *
   * @param timeout the timeout; {@code null} or zero = none
   * @return settings that differ from these in the timeout alone
   * @throws IllegalArgumentException for a negative timeout
   */
  public Settings withTimeout(Duration timeout) {
    Values v = values();
    v.timeout = checkTimeout(timeout);
    return new Settings(v);
  }

  /**
   * With an attempt delay.
   *
   * @param delay how long an attempt runs alone before the next starts; under 10 ms is raised to 10 ms
   * @return settings that differ from these in the attempt delay alone
   * @throws IllegalArgumentException for a negative delay
   */
  public Settings withAttemptDelay(Duration delay) {
    Objects.requireNonNull(delay, "attemptDelay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("attemptDelay must not be negative: " + delay.toMillis() + " ms");
    }
    Values v = values();
    v.attemptDelay = delay.compareTo(MIN_ATTEMPT_DELAY) < 0 ? MIN_ATTEMPT_DELAY : delay;
    return new Settings(v);
  }

  /**
   * With a strategy.
   *
   * @param strategy how addresses are tried
   * @return settings that differ from these in the strategy alone
   */
  public Settings withStrategy(Strategy strategy) {
    Values v = values();
    v.strategy = Objects.requireNonNull(strategy, "strategy");
    return new Settings(v);
  }

  /**
   * With a family filter.
   *
   * @param family which address families are tried
   * @return settings that differ from these in the family alone
   */
  public Settings withFamily(Family family) {
    Values v = values();
    v.family = Objects.requireNonNull(family, "family");
    return new Settings(v);
  }

  /**
   * With a bound on attempts in flight at once.
   *
   * @param max the most attempts in flight, at least 1
   * @return settings that differ from these in that bound alone
   * @throws IllegalArgumentException for a bound under 1
   */
  public Settings withMaxInFlight(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1: " + max);
    }
    Values v = values();
    v.maxInFlight = max;
    return new Settings(v);
  }

  /**
   * With a resolver.
   *
   * @param resolver the resolver of host names
   * @return settings that differ from these in the resolver alone
   */
  public Settings withResolver(AddressResolver resolver) {
    Values v = values();
    v.resolver = Objects.requireNonNull(resolver, "resolver");
    return new Settings(v);
  }

  /**
   * With a services file.
   *
   * @param file the services file; {@code null} = the system's
   * @return settings that differ from these in the services file alone
   */
  public Settings withServicesFile(Path file) {
    Values v = values();
    v.servicesFile = file;
    return new Settings(v);
  }

  /**
   * With service names mapped to ports, looked up first.
   *
   * @param overrides service name to port, validated at once
   * @return settings that differ from these in the overrides alone
   * @throws IllegalArgumentException naming a bad name or port
   */
  public Settings withServices(Map<String, Integer> overrides) {
    Services.of(overrides, null); // validates, names the bad entry
    Map<String, Integer> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(overrides);
    Values v = values();
    v.services = java.util.Collections.unmodifiableMap(copy);
    return new Settings(v);
  }

  /**
   * With what is logged.
   *
   * @param log what is logged
   * @return settings that differ from these in that alone
   */
  public Settings withLog(Log log) {
    Values v = values();
    v.log = Objects.requireNonNull(log, "log");
    return new Settings(v);
  }

  /**
   * With the settings named in {@code values} (keys as in the class comment) applied in order.
   *
   * @param values key to value, as text
   * @param source where the values came from, for messages, e.g. {@code "agent arguments"}
   * @return settings that differ from these in the values named
   * @throws IllegalArgumentException naming the key, the value and the source when one is bad (an
   *     unknown key's value is not shown: it may be a secret filed under the wrong key)
   */
  public Settings with(Map<String, String> values, String source) {
    return SettingsText.apply(this, values, source);
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

  private Values values() {
    Values v = new Values();
    v.timeout = timeout;
    v.attemptDelay = attemptDelay;
    v.strategy = strategy;
    v.family = family;
    v.maxInFlight = maxInFlight;
    v.resolver = resolver;
    v.servicesFile = servicesFile;
    v.services = services;
    v.log = log;
    v.historySize = historySize;
    v.historyTtl = historyTtl;
    v.nio = nio;
    return v;
  }

  /** The fields of a Settings under construction; a Settings copies them into final fields. */
  private static final class Values {
    Duration timeout;
    Duration attemptDelay = DEFAULT_ATTEMPT_DELAY;
    Strategy strategy = Strategy.HAPPY_EYEBALLS;
    Family family = Family.ANY;
    int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    AddressResolver resolver = AddressResolver.system();
    Path servicesFile;
    Map<String, Integer> services = Map.of();
    Log log = Log.INFO;
    int historySize = DEFAULT_HISTORY_SIZE;
    Duration historyTtl = DEFAULT_HISTORY_TTL;
    boolean nio = DEFAULT_NIO;
  }

  /**
   * Whether {@code o} is a Settings with the same values; resolvers are compared with their own
   * {@code equals} ({@link AddressResolver#system()} is one object).
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Settings s
        && Objects.equals(timeout, s.timeout)
        && attemptDelay.equals(s.attemptDelay)
        && strategy == s.strategy
        && family == s.family
        && maxInFlight == s.maxInFlight
        && resolver.equals(s.resolver)
        && Objects.equals(servicesFile, s.servicesFile)
        && services.equals(s.services)
        && log == s.log
        && historySize == s.historySize
        && historyTtl.equals(s.historyTtl)
        && nio == s.nio;
  }

  @Override
  public int hashCode() {
    return Objects.hash(timeout, attemptDelay, strategy, family, maxInFlight, resolver, servicesFile,
        services, log, historySize, historyTtl, nio);
  }

  @Override
  public String toString() {
    return "Settings[timeout=" + (timeout == null ? "none" : timeout.toMillis() + " ms")
        + ", attemptDelay=" + attemptDelay.toMillis() + " ms, strategy=" + strategy
        + ", family=" + family + ", maxInFlight=" + maxInFlight + ", servicesFile=" + servicesFile
        + ", services=" + services + ", resolver=" + resolver + ", log=" + log + ", history=" + (historySize == 0 ? "off" : historySize + "/" + historyTtl.toMillis() + " ms")
        + ", nio=" + (nio ? "on" : "off") + "]";
  }
}
