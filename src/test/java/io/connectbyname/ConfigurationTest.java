package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.spi.AddressResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The configuration chain, {@link Configuration#load}, as a pure function of its inputs: which
 * source wins, how environment names map to keys, and the one-line message for each bad setting.
 */
@Timeout(10)
class ConfigurationTest {
  @TempDir Path dir;

  /** The chain's inputs, each source empty until a test fills it. */
  private final class Chain {
    final Map<String, String> classPath = new LinkedHashMap<>();
    final Map<String, String> file = new LinkedHashMap<>();
    final Map<String, String> env = new LinkedHashMap<>();
    final Properties system = new Properties();
    String agent;

    /** Settings from these inputs; the config file is named by {@code connectbyname.config} when it has keys. */
    Settings load() {
      try {
        Path root = Files.createTempDirectory(dir, "class-path");
        if (!classPath.isEmpty()) {
          write(root.resolve(Configuration.RESOURCE), classPath);
        }
        if (!file.isEmpty()) {
          Path config = dir.resolve("config.properties");
          write(config, file);
          system.setProperty("connectbyname.config", config.toString());
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
          return Configuration.load(loader, env, system, agent);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void write(Path file, Map<String, String> values) throws IOException {
    Properties p = new Properties();
    p.putAll(values);
    try (var out = Files.newBufferedWriter(file)) {
      p.store(out, null);
    }
  }

  @Test
  void noSourceGivesTheDefaults() {
    Settings s = new Chain().load();
    assertEquals(Settings.defaults().toString(), s.toString());
    assertSame(AddressResolver.system(), s.resolver());
  }

  @ParameterizedTest(name = "up to {0}: attemptDelay {1} ms")
  @CsvSource({
      "defaults,             250",
      "class path,           101",
      "config file,          102",
      "environment,          103",
      "system properties,    104",
      "agent arguments,      105"})
  void aLaterSourceWins(String top, long expected) {
    List<String> order = List.of("defaults", "class path", "config file", "environment",
        "system properties", "agent arguments");
    Chain c = new Chain();
    int last = order.indexOf(top);
    if (last >= 1) {
      c.classPath.put("attemptDelay", "101");
    }
    if (last >= 2) {
      c.file.put("attemptDelay", "102");
    }
    if (last >= 3) {
      c.env.put("CONNECTBYNAME_ATTEMPT_DELAY", "103");
    }
    if (last >= 4) {
      c.system.setProperty("connectbyname.attemptDelay", "104");
    }
    if (last >= 5) {
      c.agent = "attemptDelay=105";
    }
    assertEquals(Duration.ofMillis(expected), c.load().attemptDelay());
  }

  @Test
  void eachSourceKeepsTheKeysNoLaterSourceSets() {
    Chain c = new Chain();
    c.classPath.put("timeout", "1500");
    c.file.put("attemptDelay", "40");
    c.env.put("CONNECTBYNAME_FAMILY", "ipv4");
    c.system.setProperty("connectbyname.strategy", "sequential");
    c.agent = "maxInFlight=3,services=db:6432";
    Settings s = c.load();
    assertEquals(Optional.of(Duration.ofMillis(1500)), s.timeout());
    assertEquals(Duration.ofMillis(40), s.attemptDelay());
    assertEquals(Settings.Family.IPV4, s.family());
    assertEquals(Settings.Strategy.SEQUENTIAL, s.strategy());
    assertEquals(3, s.maxInFlight());
    assertEquals(Map.of("db", 6432), s.services());
  }

  @Test
  void otherVariablesAndPropertiesAreNotRead() {
    Chain c = new Chain();
    c.env.put("CONNECTBYNAMEX_TIMEOUT", "oops");
    c.env.put("PATH", "/bin");
    c.system.setProperty("connectbynamex.timeout", "oops");
    c.system.setProperty("java.home", "/jdk");
    assertEquals(Settings.defaults().toString(), c.load().toString());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "TIMEOUT,          timeout",
      "ATTEMPT_DELAY,    attemptDelay",
      "STRATEGY,         strategy",
      "FAMILY,           family",
      "MAX_IN_FLIGHT,    maxInFlight",
      "SERVICES_FILE,    servicesFile",
      "SERVICES,         services",
      "RESOLVER,         resolver",
      "LOG,              log",
      "attempt_delay,    attemptDelay"})
  void environmentNamesMapToCamelCaseKeys(String variable, String key) {
    assertEquals(key, Configuration.camelCase(variable));
  }

  @Test
  void environmentVariablesSetEveryKind() {
    Chain c = new Chain();
    c.env.put("CONNECTBYNAME_ATTEMPT_DELAY", "120");
    c.env.put("CONNECTBYNAME_MAX_IN_FLIGHT", "2");
    c.env.put("CONNECTBYNAME_SERVICES_FILE", "/etc/my-services");
    Settings s = c.load();
    assertEquals(Duration.ofMillis(120), s.attemptDelay());
    assertEquals(2, s.maxInFlight());
    assertEquals(Path.of("/etc/my-services"), s.servicesFile());
  }

  @Test
  void theConfigFileMayBeNamedInTheEnvironmentAndTheSystemPropertyWins() throws IOException {
    Path fromEnv = dir.resolve("env.properties");
    Path fromProperty = dir.resolve("property.properties");
    write(fromEnv, Map.of("attemptDelay", "30", "maxInFlight", "5"));
    write(fromProperty, Map.of("attemptDelay", "60"));
    Chain c = new Chain();
    c.env.put("CONNECTBYNAME_CONFIG", fromEnv.toString());
    assertEquals(Duration.ofMillis(30), c.load().attemptDelay());
    assertEquals(5, c.load().maxInFlight());

    c.system.setProperty("connectbyname.config", fromProperty.toString());
    assertEquals(Duration.ofMillis(60), c.load().attemptDelay());
    assertEquals(Settings.DEFAULT_MAX_IN_FLIGHT, c.load().maxInFlight(), "one config file, not both");
  }

  @Test
  void aMissingConfigFileIsNamed() {
    Path missing = dir.resolve("no-such.properties");
    Chain c = new Chain();
    c.system.setProperty("connectbyname.config", missing.toString());
    String m = oneLineFailure(c);
    assertTrue(m.contains(missing.toString()), m);
    assertTrue(m.contains("system property connectbyname.config"), m);
  }

  @Test
  void aMissingConfigFileNamedInTheEnvironmentSaysSo() {
    Path missing = dir.resolve("no-such.properties");
    Chain c = new Chain();
    c.env.put("CONNECTBYNAME_CONFIG", missing.toString());
    String m = oneLineFailure(c);
    assertTrue(m.contains(missing.toString()), m);
    assertTrue(m.contains("environment variable CONNECTBYNAME_CONFIG"), m);
  }

  static Stream<Arguments> badSettings() {
    List<Arguments> cases = new ArrayList<>();
    cases.add(bad("class path: unknown key", c -> c.classPath.put("atemptDelay", "5"),
        "Bad setting atemptDelay (", "class path", Configuration.RESOURCE, "unknown key", "attemptDelay"));
    cases.add(bad("class path: bad number", c -> c.classPath.put("timeout", "soon"),
        "timeout=soon", "class path", "whole number"));
    cases.add(bad("config file: bad choice", c -> c.file.put("family", "sideways"),
        "family=sideways", "config.properties", "connectbyname.config", "any | ipv4 | ipv6"));
    cases.add(bad("environment: bad choice", c -> c.env.put("CONNECTBYNAME_STRATEGY", "random"),
        "strategy=random", "environment variable CONNECTBYNAME_STRATEGY", "happy-eyeballs | sequential"));
    cases.add(bad("environment: unknown key", c -> c.env.put("CONNECTBYNAME_COLOUR", "red"),
        "Bad setting colour (", "environment variable CONNECTBYNAME_COLOUR", "unknown key"));
    cases.add(bad("system property: below the minimum", c -> c.system.setProperty("connectbyname.maxInFlight", "0"),
        "maxInFlight=0", "system property connectbyname.maxInFlight", "at least 1"));
    cases.add(bad("system property: port out of range", c -> c.system.setProperty("connectbyname.services", "db:99999"),
        "services=db:99999", "system property connectbyname.services", "0..65535"));
    cases.add(bad("system property: a control character", c -> c.system.setProperty("connectbyname.timeout", "5\n0"),
        "timeout=5\\u000a0", "system property connectbyname.timeout"));
    cases.add(bad("agent arguments: negative", c -> c.agent = "attemptDelay=-5",
        "attemptDelay=-5", "agent arguments", "whole number"));
    cases.add(bad("agent arguments: bad log level", c -> c.agent = "family=ipv4,log=loud",
        "log=loud", "agent arguments", "off | info | debug"));
    cases.add(bad("agent arguments: no '='", c -> c.agent = "attemptDelay",
        "attemptDelay", "agent arguments", "key=value"));
    cases.add(bad("resolver: no such class", c -> c.agent = "resolver=com.example.Missing",
        "resolver=com.example.Missing", "agent arguments", "no class com.example.Missing"));
    cases.add(bad("resolver: not a resolver", c -> c.agent = "resolver=java.lang.String",
        "resolver=java.lang.String", "does not implement io.connectbyname.spi.AddressResolver"));
    cases.add(bad("resolver: no no-argument constructor", c -> c.agent = "resolver=" + NoDefaultConstructor.class.getName(),
        "resolver=" + NoDefaultConstructor.class.getName(), "no-argument constructor"));
    cases.add(bad("resolver: service without a provider", c -> c.agent = "resolver=service",
        "resolver=service", "no provider of io.connectbyname.spi.AddressResolver"));
    return cases.stream();
  }

  private static Arguments bad(String name, Consumer<Chain> setup, String... fragments) {
    return Arguments.of(name, setup, List.of(fragments));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  void aBadSettingIsOneLineNamingKeyValueAndSource(String name, Consumer<Chain> setup, List<String> fragments) {
    Chain c = new Chain();
    setup.accept(c);
    String m = oneLineFailure(c);
    for (String f : fragments) {
      assertTrue(m.contains(f), "'" + f + "' missing from: " + m);
    }
  }

  private static String oneLineFailure(Chain c) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::load);
    String m = e.getMessage();
    assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
    return m;
  }

  @Test
  void resolverSystemIsTheJdks() {
    Chain c = new Chain();
    c.agent = "resolver=system";
    assertSame(AddressResolver.system(), c.load().resolver());
  }

  @Test
  void resolverMayNameAClass() {
    Chain c = new Chain();
    c.system.setProperty("connectbyname.resolver", Loopback.class.getName());
    assertInstanceOf(Loopback.class, c.load().resolver());
  }

  @Test
  void aLaterSourceMaySetTheResolverBackToSystem() {
    Chain c = new Chain();
    c.classPath.put("resolver", Loopback.class.getName());
    c.agent = "resolver=system";
    assertSame(AddressResolver.system(), c.load().resolver());
  }

  /** A resolver that the {@code resolver} setting can name: every name is the loopback address. */
  public static final class Loopback implements AddressResolver {
    /** The no-argument constructor the setting needs. */
    public Loopback() {}

    @Override
    public List<InetAddress> resolve(String host) {
      return List.of(InetAddress.getLoopbackAddress());
    }
  }

  /** Not usable by the setting: it has no no-argument constructor. */
  public static final class NoDefaultConstructor implements AddressResolver {
    /** The one constructor, which takes an argument. */
    public NoDefaultConstructor(String unused) {}

    @Override
    public List<InetAddress> resolve(String host) {
      return List.of(InetAddress.getLoopbackAddress());
    }
  }
}
