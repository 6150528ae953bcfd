package io.connectbyname;

import static io.connectbyname.Fuzz.assertDocumented;
import static io.connectbyname.Fuzz.shown;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.internal.engine.Endpoint;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.UnknownServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parsers on generated hostile input ({@link Fuzz}): every input ends in a value or in the
 * documented exception with a one-line message of bounded length; never another exception, a
 * hang, or work out of proportion to the input. {@link Fuzz#CASES} cases per property.
 */
@Timeout(60)
class ParserFuzzTest {
  private static final String[] KEYS = SettingsText.KEYS.split(", ");

  @TempDir Path dir;

  // --- the services file ---

  @Test
  void servicesFileParserTakesAnyBytes() {
    Fuzz.of("services file, any bytes").check(Fuzz.CASES, f -> {
      byte[] text = f.bytes(f.oneIn(20) ? 200_000 : 2_000);
      int cap = f.oneIn(4) ? f.nextInt(text.length + 1) : Integer.MAX_VALUE;
      ServicesFile.Table table = ServicesFile.parse(text, cap);
      assertTrue(table.malformed() >= 0, "malformed count " + table.malformed());
      table.ports().forEach((name, port) -> {
        assertTrue(!name.isEmpty() && name.equals(name.toLowerCase(Locale.ROOT)), "name " + shown(name));
        assertTrue(port >= 0 && port <= 65535, name + " " + port);
      });
    });
  }

  @Test
  void servicesFileParserKeepsTheFirstOfEveryWellFormedTcpEntry() {
    Fuzz.of("services file, oracle").check(Fuzz.CASES, f -> {
      StringBuilder file = new StringBuilder();
      Map<String, Integer> expected = new HashMap<>();
      int malformed = 0;
      int lines = f.nextInt(40);
      for (int i = 0; i < lines; i++) {
        switch (f.nextInt(4)) {
          case 0 -> file.append('#').append(f.text(6, false).replace('\n', ' ')); // a comment
          case 1 -> { // a control character outside a comment: malformed, nothing taken from it
            file.append(f.text(3, false).replaceAll("[\n#]", " ")).append('\u0001')
                .append(f.text(3, false).replace('\n', ' '));
            malformed++;
          }
          default -> { // name port/proto aliases # comment
            int port = f.nextInt(65536);
            boolean tcp = f.nextInt(3) > 0;
            List<String> names = new java.util.ArrayList<>();
            for (int n = 0; n <= f.nextInt(4); n++) {
              names.add(f.oneOf("http", "Mail", "x", "db-1", "a_b", "POSTGRES", "caf\u00e9") + f.nextInt(20));
            }
            file.append(f.oneOf("", " ", "\t")).append(names.get(0)).append(f.oneOf(" ", "\t", "  "))
                .append(port).append('/').append(tcp ? f.oneOf("tcp", "TCP", "Tcp") : f.oneOf("udp", "sctp"));
            for (String alias : names.subList(1, names.size())) {
              file.append(f.oneOf(" ", "\t")).append(alias);
            }
            if (f.oneIn(3)) {
              file.append(f.oneOf(" #", "#", "\t# ")).append(f.text(4, false).replace('\n', ' '));
            }
            if (tcp) {
              for (String name : names) {
                expected.putIfAbsent(name.toLowerCase(Locale.ROOT), port);
              }
            }
          }
        }
        file.append(f.oneOf("\n", "\r\n"));
      }
      ServicesFile.Table table = ServicesFile.parse(file.toString());
      assertEquals(expected, table.ports(), () -> "for " + shown(file.toString()));
      assertEquals(malformed, table.malformed(), () -> "for " + shown(file.toString()));
    });
  }

  // --- node and service ---

  @Test
  void nodeParserEndsInAnEndpointOrAnIllegalArgument() {
    Fuzz.of("node").check(Fuzz.CASES, f -> {
      String node = f.oneIn(50) ? null : f.text(12);
      int port = f.oneIn(10) ? f.oneOf(-1, 65536, Integer.MIN_VALUE, Integer.MAX_VALUE) : f.nextInt(65536);
      Endpoint e;
      try {
        e = Endpoint.of(node, Integer.toString(port), port);
      } catch (RuntimeException x) {
        assertDocumented(x, node, IllegalArgumentException.class);
        return;
      }
      assertEquals(port, e.port());
      assertNotNull(e.host());
      if (e.literal() == null) {
        assertTrue(e.host().length() <= Endpoint.MAX_NAME && e.host().matches("[A-Za-z0-9_.-]+"),
            () -> "host " + shown(e.host()) + " from " + shown(node));
      }
      Fuzz.assertOneLine(e.describe(), node);
    });
  }

  @Test
  void serviceParserEndsInAPortOrTheDocumentedException() {
    Services services = Services.of(Map.of("fuzzed", 4242), dir.resolve("no-such-services-file"));
    Fuzz.of("service").check(Fuzz.CASES, f -> {
      String service = f.oneIn(50) ? null : f.oneIn(4) ? Integer.toString(f.nextInt(70_000) - 10) : f.text(6);
      services.lookup(service); // never throws
      try {
        int port = services.port(service);
        assertTrue(port >= 0 && port <= 65535, service + " -> " + port);
      } catch (UnknownServiceException | IllegalArgumentException x) {
        assertDocumented(x, service, UnknownServiceException.class, IllegalArgumentException.class);
      }
    });
  }

  // --- settings ---

  @Test
  void settingsFromAMapEndInSettingsOrAnIllegalArgument() {
    Fuzz.of("settings map").check(Fuzz.CASES, f -> {
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = f.nextInt(4); i >= 0; i--) {
        values.put(key(f), value(f));
      }
      settings(values, "fuzz", describe(values));
    });
  }

  @ParameterizedTest(name = "separator {0}")
  @ValueSource(chars = {';', ','})
  void settingsTextEndsInSettingsOrAnIllegalArgument(char separator) {
    Fuzz.of("settings text " + separator).check(Fuzz.CASES, f -> {
      String text = f.oneIn(3) ? f.text(16) : pairsText(f, separator);
      Map<String, String> pairs;
      try {
        pairs = SettingsText.pairs(text, separator, "fuzz");
      } catch (RuntimeException x) {
        assertDocumented(x, text, IllegalArgumentException.class);
        return;
      }
      settings(pairs, separator == ',' ? "agent arguments" : "socket factory argument", text);
    });
  }

  @Test
  void configurationChainEndsInSettingsOrAnIllegalArgument() throws Exception {
    Path classpath = Files.createDirectories(dir.resolve("classpath"));
    Path file = dir.resolve("config.properties");
    Fuzz.of("configuration chain").check(Fuzz.CASES / 4, f -> {
      Files.deleteIfExists(classpath.resolve(Configuration.RESOURCE));
      if (f.nextInt(3) > 0) {
        Files.write(classpath.resolve(Configuration.RESOURCE), propertiesFile(f));
      }
      Files.write(file, propertiesFile(f));
      Properties system = new Properties();
      if (f.oneIn(2)) {
        system.setProperty(Configuration.CONFIG_PROPERTY, f.oneIn(4) ? f.text(3) : file.toString());
      }
      for (int i = f.nextInt(3); i > 0; i--) {
        system.setProperty(Configuration.PROPERTY_PREFIX + String.valueOf(key(f)), String.valueOf(value(f)));
      }
      Map<String, String> env = new HashMap<>();
      for (int i = f.nextInt(3); i > 0; i--) {
        env.put(Configuration.ENV_PREFIX + f.oneOf("TIMEOUT", "ATTEMPT_DELAY", "MAX_IN_FLIGHT", "FAMILY",
            "LOG", "__", "X_Y", f.text(2).toUpperCase(Locale.ROOT)), String.valueOf(value(f)));
      }
      String agent = f.oneIn(2) ? null : f.oneIn(2) ? f.text(10) : pairsText(f, ',');
      try (URLClassLoader loader = new URLClassLoader(new URL[] {classpath.toUri().toURL()}, null)) {
        Settings s = Configuration.load(loader, env, system, agent);
        assertNotNull(s);
      } catch (IllegalArgumentException x) {
        assertDocumented(x, agent, IllegalArgumentException.class);
      }
    });
  }

  // --- very long input, explicitly ---

  @ParameterizedTest
  @ValueSource(strings = {"a", "1", ".", "a.", ":", "[", "%", "\u00FC", "\u0000", "\u2028", "=", ";", "#",
      "\u0130", "\u03A3", "\uFB00", "\u4F8B"})
  @Timeout(20)
  void aMillionCharactersAreRejectedOrTakenQuickly(String unit) {
    String huge = unit.repeat(1_000_000);
    long start = System.nanoTime();
    try {
      Endpoint.of(huge, "80", 80);
    } catch (IllegalArgumentException e) {
      Fuzz.assertOneLine(e.getMessage(), huge);
    }
    try {
      Services.system().port(huge);
    } catch (IllegalArgumentException | UnknownServiceException e) {
      Fuzz.assertOneLine(e.getMessage(), huge);
    }
    settings(Map.of("timeout", huge), "fuzz", huge);
    settings(Map.of(huge, "1"), "fuzz", huge);
    try {
      settings(SettingsText.pairs("timeout=" + huge + ";" + huge, ';', "fuzz"), "fuzz", huge);
    } catch (IllegalArgumentException e) {
      Fuzz.assertOneLine(e.getMessage(), huge);
    }
    Services.system().lookup(huge);
    try {
      Services.of(Map.of(huge, 1), null);
    } catch (IllegalArgumentException e) {
      Fuzz.assertOneLine(e.getMessage(), huge);
    }
    ServicesFile.parse((huge + " 80/tcp " + huge).getBytes(UTF_8), ServicesFile.MAX_FILE_BYTES);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 5_000, "a million '" + shown(unit) + "' took " + millis + " ms");
  }

  // --- helpers ---

  /** Applies {@code values} to the defaults: settings, or an IllegalArgumentException naming the source. */
  private static void settings(Map<String, String> values, String source, String input) {
    try {
      assertNotNull(Settings.defaults().with(values, source));
    } catch (RuntimeException x) {
      assertDocumented(x, input, IllegalArgumentException.class);
      assertTrue(x.getMessage().contains(source), () -> "names the source " + source + ": " + shown(x.getMessage()));
    }
  }

  private static String key(Fuzz f) {
    return f.nextInt(4) > 0 ? f.oneOf(KEYS) : f.oneIn(20) ? null : f.text(3);
  }

  private static String value(Fuzz f) {
    return switch (f.nextInt(6)) {
      case 0 -> Integer.toString(f.nextInt(100_000));
      case 1 -> f.oneOf("happy-eyeballs", "SEQUENTIAL", "ipv4", "Ipv6", "any", "off", "info", "debug", "system");
      case 2 -> f.oneOf("http:8080", "a:1 b:2|c:3", "x:70000", ":1", "1:2", "a:", "db:5432 DB:5433");
      case 3 -> f.oneIn(10) ? null : "";
      default -> f.text(6);
    };
  }

  private static String pairsText(Fuzz f, char separator) {
    StringBuilder b = new StringBuilder();
    for (int i = f.nextInt(5); i >= 0; i--) {
      b.append(f.oneIn(8) ? " " : "").append(key(f)).append(f.oneIn(10) ? "" : "=").append(value(f))
          .append(f.oneIn(10) ? "" : String.valueOf(separator));
    }
    return b.toString();
  }

  private static byte[] propertiesFile(Fuzz f) {
    if (f.oneIn(4)) {
      return f.bytes(500);
    }
    StringBuilder b = new StringBuilder();
    for (int i = f.nextInt(5); i >= 0; i--) {
      b.append(f.oneIn(6) ? f.text(4) : key(f)).append(f.oneOf("=", ":", " ", " = ", "\t"))
          .append(value(f)).append(f.oneOf("\n", "\r\n", "\\\n  ", "\n#"));
    }
    return b.toString().getBytes(UTF_8);
  }

  private static String describe(Map<String, String> values) {
    return values.toString();
  }
}
