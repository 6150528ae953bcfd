package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad setting stops a JVM started with the agent before {@code main}: one line on stderr that
 * names the key, the value and where it came from, no stack trace, a non-zero exit status.
 */
class BadConfigurationIT {
  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of("agent argument", Map.of(), List.of(), "=attemptDelay=soon",
            "connect-by-name: Bad setting attemptDelay=soon (from agent arguments): expected a whole number >= 0"),
        Arguments.of("agent argument without '='", Map.of(), List.of(), "=family",
            "connect-by-name: Bad setting 'family' (from agent arguments): expected key=value"),
        Arguments.of("system property", Map.of(), List.of("-Dconnectbyname.timeout=x"), "",
            "connect-by-name: Bad setting timeout=x (from system property connectbyname.timeout):"
                + " expected a whole number >= 0"),
        Arguments.of("environment variable", Map.of("CONNECTBYNAME_FAMILY", "sideways"), List.of(), "",
            "connect-by-name: Bad setting family=sideways (from environment variable CONNECTBYNAME_FAMILY):"
                + " expected any | ipv4 | ipv6"),
        Arguments.of("unknown key", Map.of(), List.of("-Dconnectbyname.attemptdelay=100"), "",
            "connect-by-name: Bad setting attemptdelay (from system property connectbyname.attemptdelay):"
                + " unknown key; known keys are " + SettingsText.KEYS),
        Arguments.of("missing config file", Map.of(), List.of("-Dconnectbyname.config=/no/such/file.properties"), "",
            "connect-by-name: Cannot read the configuration file /no/such/file.properties named by system property"
                + " connectbyname.config: java.nio.file.NoSuchFileException: /no/such/file.properties"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSettings")
  @Timeout(60)
  void aBadSettingStopsTheJvmWithOneLine(String source, Map<String, String> env, List<String> options,
      String agentArguments, String line) throws Exception {
    List<String> args = new ArrayList<>(options);
    args.add("-javaagent:" + ChildJvm.jar() + agentArguments);
    args.addAll(List.of("-cp", ChildJvm.programs().toString(), "app.Hello"));
    ChildJvm.Result r = ChildJvm.run(env, args);
    assertNotEquals(0, r.exit(), r.toString());
    assertEquals("", r.out(), "main never ran: " + r);
    assertEquals(List.of(line), r.err().lines().toList(), r.toString());
    assertFalse(r.err().contains("\tat "), r.toString());
  }
}
