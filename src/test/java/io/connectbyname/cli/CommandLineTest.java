package io.connectbyname.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.Settings;
import io.connectbyname.Settings.Family;
import io.connectbyname.cli.CommandLine.Action;
import io.connectbyname.cli.CommandLine.UsageException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every accepted and rejected form of the command line, as tables. Arguments are split at spaces. */
class CommandLineTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // args                                                 | action  | node  | service    | timeout    | delay | family | seq   | verbose
      "host 80                                                | CONNECT | host  | 80         | -          | -     | -      | false | false",
      "--timeout 500 host http                                | CONNECT | host  | http       | 500        | -     | -      | false | false",
      "host --timeout=500 http                                | CONNECT | host  | http       | 500        | -     | -      | false | false",
      "host http --timeout 1 --timeout 2                      | CONNECT | host  | http       | 2          | -     | -      | false | false",
      "--timeout 0 ::1 1                                      | CONNECT | ::1   | 1          | 0          | -     | -      | false | false",
      "-v --sequential --family ipv6 --attempt-delay 20 h 443 | CONNECT | h     | 443        | -          | 20    | IPV6   | true  | true",
      "h 443 --verbose --family=IPv4 --attempt-delay=0        | CONNECT | h     | 443        | -          | 0     | IPV4   | false | true",
      "--family any [::1] postgresql                          | CONNECT | [::1] | postgresql | -          | -     | ANY    | false | false",
      "--timeout 2147483647 h 1                               | CONNECT | h     | 1          | 2147483647 | -     | -      | false | false",
      "-- -odd 80                                             | CONNECT | -odd  | 80         | -          | -     | -      | false | false",
      "--demo                                                 | DEMO    | -     | -          | -          | -     | -      | false | false",
      "--timeout 1000 --demo --sequential                     | DEMO    | -     | -          | 1000       | -     | -      | true  | false",
      "--help                                                 | HELP    | -     | -          | -          | -     | -      | false | false",
      "-h                                                     | HELP    | -     | -          | -          | -     | -      | false | false",
      "host --bogus --timeout -5 --help                       | HELP    | -     | -          | -          | -     | -      | false | false",
      "--version                                              | VERSION | -     | -          | -          | -     | -      | false | false",
  })
  void accepts(String args, Action action, String node, String service, Long timeout, Long delay,
      Family family, boolean sequential, boolean verbose) throws UsageException {
    CommandLine expected = new CommandLine(action, node, service, millis(timeout), millis(delay), family,
        sequential, verbose);
    assertEquals(expected, CommandLine.parse(split(args)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "''                         | missing NODE and SERVICE",
      "--verbose                  | missing NODE and SERVICE",
      "host                       | missing SERVICE after NODE 'host'",
      "a b c                      | unexpected argument 'c': expected only NODE and SERVICE",
      "--bogus a b                | unknown option '--bogus'",
      "-x a b                     | unknown option '-x'",
      "--timeout -5 a b           | --timeout: expected milliseconds, a whole number from 0 to 2147483647, got '-5'",
      "a b --timeout abc          | --timeout: expected milliseconds, a whole number from 0 to 2147483647, got 'abc'",
      "a b --timeout 1.5          | got '1.5'",
      "a b --timeout 5s           | got '5s'",
      "a b --timeout +5           | got '+5'",
      "a b --timeout 2147483648   | got '2147483648'",
      "a b --timeout 99999999999999999999 | got '99999999999999999999'",
      "a b --timeout=             | --timeout: expected milliseconds, a whole number from 0 to 2147483647, got ''",
      "a b --timeout              | --timeout needs a value: expected milliseconds",
      "a b --attempt-delay -1     | --attempt-delay: expected milliseconds",
      "a b --family ipv5          | --family: expected any, ipv4 or ipv6, got 'ipv5'",
      "a b --family               | --family needs a value: expected any, ipv4 or ipv6",
      "a b --verbose=yes          | --verbose takes no value, got '--verbose=yes'",
      "--demo a                   | --demo takes no NODE or SERVICE, got 'a'",
      "--demo --timeout 0         | --demo needs a --timeout above 0",
      "a b -- --help              | unexpected argument '--help'",
  })
  void rejects(String args, String message) {
    UsageException e = assertThrows(UsageException.class, () -> CommandLine.parse(split(args)));
    assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void namesControlCharactersSafely() {
    UsageException e = assertThrows(UsageException.class, () -> CommandLine.parse("--bo\ngus", "a", "b"));
    assertEquals("unknown option '--bo\\u000agus'", e.getMessage());
  }

  /** An option not given ({@code -} in the table) leaves the configured value. */
  private static Duration millis(Long value) {
    return value == null ? null : Duration.ofMillis(value);
  }

  @ParameterizedTest(name = "[{index}] {0} over {1}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // args                                   | configured                           | timeout | delay | family | strategy
      "h 1                                      | -                                    | 10000   | 250   | ANY    | HAPPY_EYEBALLS",
      "--demo                                   | -                                    | 3000    | 250   | ANY    | HAPPY_EYEBALLS",
      "h 1                                      | timeout=700;attemptDelay=40;family=ipv6;strategy=sequential | 700 | 40 | IPV6 | SEQUENTIAL",
      "--demo                                   | timeout=700                          | 700     | 250   | ANY    | HAPPY_EYEBALLS",
      "h 1                                      | timeout=0                            | 10000   | 250   | ANY    | HAPPY_EYEBALLS",
      "h 1 --timeout 0 --attempt-delay 90 --family ipv4 | timeout=700;attemptDelay=40;family=ipv6 | 0 | 90 | IPV4 | HAPPY_EYEBALLS",
      "h 1 --sequential                         | attemptDelay=40                      | 10000   | 40    | ANY    | SEQUENTIAL",
  })
  void optionsGoOnTopOfTheConfiguredSettings(String args, String configured, long timeout, long delay, Family family,
      Settings.Strategy strategy) throws UsageException {
    Settings base = configured == null ? Settings.defaults() : Settings.defaults().with(pairs(configured), "test");
    CommandLine line = CommandLine.parse(split(args));
    Settings s = line.settings(base);
    assertEquals(Duration.ofMillis(timeout), line.timeout(base));
    assertEquals(Duration.ofMillis(delay), s.attemptDelay());
    assertEquals(family, s.family());
    assertEquals(strategy, s.strategy());
    assertEquals(Settings.Log.OFF, s.log(), "the command line reports the connect itself");
  }

  private static java.util.Map<String, String> pairs(String text) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String pair : text.split(";")) {
      m.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    return m;
  }

  private static String[] split(String args) {
    return args.isBlank() ? new String[0] : args.strip().split(" +");
  }
}
