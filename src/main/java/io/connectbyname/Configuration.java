package io.connectbyname;

import io.connectbyname.internal.text.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The configuration chain, later sources winning: built-in defaults (with the first
 * {@code AddressResolver} provider, if any), {@code connect-by-name.properties} on the class path,
 * the file named by {@code connectbyname.config}, {@code CONNECTBYNAME_*} environment variables,
 * {@code connectbyname.*} system properties, then the java agent's arguments.
 */
final class Configuration {
  static final String RESOURCE = "connect-by-name.properties";
  static final String CONFIG_PROPERTY = "connectbyname.config";
  static final String ENV_PREFIX = "CONNECTBYNAME_";
  static final String PROPERTY_PREFIX = "connectbyname.";

  private static volatile Settings current;

  private Configuration() {}

  /** This JVM's settings, read once; the agent may have read them first with its arguments. */
  static Settings current() {
    Settings s = current;
    if (s == null) {
      synchronized (Configuration.class) {
        s = current;
        if (s == null) {
          s = load(loader(), System.getenv(), System.getProperties(), null);
          current = s;
        }
      }
    }
    return s;
  }

  /** Reads the chain with the agent's arguments last, and makes the result this JVM's settings. */
  static Settings forAgent(String agentArguments) {
    Settings s = load(loader(), System.getenv(), System.getProperties(), agentArguments);
    synchronized (Configuration.class) {
      current = s;
    }
    return s;
  }

  /**
   * Forgets the settings read, so that the next {@link #current()} reads the chain again: for tests
   * that change one of its sources (a {@code connectbyname.*} system property) in this JVM.
   */
  static void forget() {
    synchronized (Configuration.class) {
      current = null;
    }
  }

  /**
   * The settings the chain gives for these inputs: a pure function of them and the files they name.
   *
   * @throws IllegalArgumentException one line naming the key, the value and the source of a bad setting
   */
  static Settings load(ClassLoader loader, Map<String, String> env, Properties system, String agentArguments) {
    Settings s = Settings.defaults();
    var provided = Resolvers.provided();
    if (provided.isPresent()) {
      s = s.withResolver(provided.get());
    }
    URL resource = loader.getResource(RESOURCE);
    if (resource != null) {
      s = s.with(read(resource), "class path " + resource);
    }
    String namedBy = system.getProperty(CONFIG_PROPERTY) != null
        ? "system property " + CONFIG_PROPERTY : "environment variable " + ENV_PREFIX + "CONFIG";
    String file = system.getProperty(CONFIG_PROPERTY, env.get(ENV_PREFIX + "CONFIG"));
    if (file != null && !file.isBlank()) {
      s = s.with(read(file.strip(), namedBy), "file " + Printable.shown(file.strip(), 300)
          + " (named by " + namedBy + ")");
    }
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (name.startsWith(ENV_PREFIX) && !name.equals(ENV_PREFIX + "CONFIG")) {
        s = s.with(Map.of(camelCase(name.substring(ENV_PREFIX.length())), e.getValue()),
            "environment variable " + name);
      }
    }
    for (String name : new java.util.TreeSet<>(system.stringPropertyNames())) {
      if (name.startsWith(PROPERTY_PREFIX) && !name.equals(CONFIG_PROPERTY)) {
        s = s.with(Map.of(name.substring(PROPERTY_PREFIX.length()), system.getProperty(name)),
            "system property " + name);
      }
    }
    if (agentArguments != null) {
      s = s.with(SettingsText.pairs(agentArguments, ',', "agent arguments"), "agent arguments");
    }
    return s;
  }

  /** {@code ATTEMPT_DELAY} as {@code attemptDelay}. */
  static String camelCase(String snake) {
    StringBuilder b = new StringBuilder();
    boolean upper = false;
    for (char c : snake.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '_') {
        upper = b.length() > 0;
      } else {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return b.toString();
  }

  private static Map<String, String> read(URL resource) {
    try (InputStream in = resource.openStream()) {
      return asMap(in);
    } catch (IOException | IllegalArgumentException e) { // Properties.load: "Malformed \\uxxxx encoding."
      throw new IllegalArgumentException("Cannot read " + Printable.shown(resource.toString(), 300) + ": "
          + Printable.shown(e.getMessage(), 300), e);
    }
  }

  private static Map<String, String> read(String file, String namedBy) {
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return asMap(in);
    } catch (IOException | IllegalArgumentException e) { // Path.of: InvalidPathException; Properties.load
      throw new IllegalArgumentException("Cannot read the configuration file " + Printable.shown(file, 300)
          + " named by " + namedBy + ": " + Printable.shown(e.toString(), 300), e);
    }
  }

  private static Map<String, String> asMap(InputStream in) throws IOException {
    Properties p = new Properties();
    try (Reader r = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    Map<String, String> values = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      values.put(key.strip(), p.getProperty(key));
    }
    return values;
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ClassLoader.getSystemClassLoader();
  }
}
