package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code CONNECTBYNAME_ATTEMPT_DELAY=100}, read by a fresh JVM: the command line of the
 * built jar ({@code java -jar connect-by-name.jar NODE SERVICE --verbose}) starts the second attempt
 * to a name whose first address is silent after 100 ms; a bad variable is one line and status 2.
 */
class ConfiguredCommandLineIT {
  @TempDir Path dir;

  @Test
  @Timeout(60)
  void theEnvironmentVariableOfTheReadmeTakesEffectInTheCommandLine() throws Exception {
    Documented.line(Documented.README, "(`CONNECTBYNAME_ATTEMPT_DELAY=100`)");
    Documented.line(Documented.README, "`CONNECTBYNAME_ATTEMPT_DELAY=100 java -jar connect-by-name.jar db.example 5432`");
    try (DeadFirstName site = DeadFirstName.open(dir, a -> Fixtures.echoServer(a.getAddress(), a.getPort()))) {
      long configured = secondAttemptStart(site, Map.of("CONNECTBYNAME_ATTEMPT_DELAY", "100"));
      assertTrue(configured >= 90 && configured < 200, "CONNECTBYNAME_ATTEMPT_DELAY=100: " + configured + " ms");
      long plain = secondAttemptStart(site, Map.of());
      assertTrue(plain >= 240, "the default 250 ms without the variable: " + plain + " ms");
    }
  }

  @Test
  @Timeout(60)
  void aBadVariableIsOneLineAndStatus2() throws Exception {
    ChildJvm.Result r = ChildJvm.run(Map.of("CONNECTBYNAME_ATTEMPT_DELAY", "bogus"),
        List.of("-jar", ChildJvm.jar().toString(), "127.0.0.1", "1"));
    assertEquals(2, r.exit(), r.toString());
    assertEquals("", r.out(), r.toString());
    assertEquals(List.of("connect-by-name: Bad setting attemptDelay=bogus (from environment variable"
        + " CONNECTBYNAME_ATTEMPT_DELAY): expected a whole number >= 0"), r.err().lines().toList(), r.toString());
  }

  /** The start (ms) of the attempt to 127.0.0.1 in the command line's {@code --verbose} table. */
  private static long secondAttemptStart(DeadFirstName site, Map<String, String> env) throws Exception {
    List<String> args = new ArrayList<>(site.jvmOptions());
    args.addAll(List.of("-jar", ChildJvm.jar().toString(), "--verbose", DeadFirstName.NAME, String.valueOf(site.port())));
    ChildJvm.Result r = ChildJvm.run(env, args);
    assertEquals(0, r.exit(), r.toString());
    Matcher m = Pattern.compile("127\\.0\\.0\\.1:" + site.port() + "\\s+(\\d+)\\s+connected").matcher(r.out());
    assertTrue(m.find(), r.toString());
    return Long.parseLong(m.group(1));
  }
}
