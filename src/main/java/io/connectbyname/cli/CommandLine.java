package io.connectbyname.cli;

import io.connectbyname.internal.text.Printable;

import io.connectbyname.Settings;
import io.connectbyname.Settings.Family;
import io.connectbyname.Settings.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@code java -jar connect-by-name.jar}, parsed: what to do and with which
 * settings. {@link #parse} is pure, so every accepted and rejected form is tested as a table. The
 * options go on top of the configured settings ({@link #settings(Settings)}): one not given leaves
 * the configured value.
 *
 * @param action what to do
 * @param node the node as given, for {@link Action#CONNECT}; else {@code null}
 * @param service the service as given, for {@link Action#CONNECT}; else {@code null}
 * @param timeout the overall timeout given, zero = none (the OS's limits); {@code null} = not given
 * @param attemptDelay the attempt delay given (values under 10 ms are raised by {@link Settings});
 *     {@code null} = not given
 * @param family which address families to try; {@code null} = not given
 * @param sequential one attempt at a time instead of the race
 * @param verbose print every attempt
 */
public record CommandLine(Action action, String node, String service, Duration timeout,
    Duration attemptDelay, Family family, boolean sequential, boolean verbose) {

  /** The timeout of a connect unless {@code --timeout} or the configuration says otherwise: 10 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** The timeout of {@code --demo} unless {@code --timeout} or the configuration says otherwise: 3 s. */
  public static final Duration DEMO_TIMEOUT = Duration.ofSeconds(3);

  /** What the command line asks for. */
  public enum Action {
    /** Connect to NODE SERVICE. */
    CONNECT,
    /** Run the loopback demo. */
    DEMO,
    /** Print the help. */
    HELP,
    /** Print the version. */
    VERSION
  }

  /** A command line that cannot be run; the message is the one-line reason. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /**
   * Parses {@code args}. Options may come before, between or after NODE and SERVICE, as
   * {@code --name VALUE} or {@code --name=VALUE}; {@code --} ends the options. {@code --help} and
   * {@code --version} win over anything else on the line, so that they always work.
   *
   * @throws UsageException naming the bad argument
   */
  public static CommandLine parse(String... args) throws UsageException {
    List<String> positionals = new ArrayList<>();
    Duration timeout = null;
    Duration attemptDelay = null;
    Family family = null;
    boolean sequential = false;
    boolean verbose = false;
    boolean demo = false;
    Action early = earlyAction(args);
    if (early != null) {
      return new CommandLine(early, null, null, null, null, null, false, false);
    }
    boolean optionsEnded = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
        positionals.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        optionsEnded = true;
        continue;
      }
      int eq = arg.indexOf('=');
      String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
      String inline = name.equals(arg) ? null : arg.substring(eq + 1);
      switch (name) {
        case "--timeout", "--attempt-delay", "--family" -> {
          String value = inline;
          if (value == null) {
            if (++i >= args.length) {
              throw new UsageException(name + " needs a value: " + expected(name));
            }
            value = args[i];
          }
          switch (name) {
            case "--timeout" -> timeout = millis(name, value);
            case "--attempt-delay" -> attemptDelay = millis(name, value);
            default -> family = family(value);
          }
        }
        case "--sequential", "--verbose", "-v", "--demo" -> {
          if (inline != null) {
            throw new UsageException(name + " takes no value, got '" + Printable.of(arg) + "'");
          }
          sequential |= name.equals("--sequential");
          verbose |= name.equals("--verbose") || name.equals("-v");
          demo |= name.equals("--demo");
        }
        default -> throw new UsageException("unknown option '" + Printable.of(arg) + "'");
      }
    }
    if (demo) {
      if (!positionals.isEmpty()) {
        throw new UsageException("--demo takes no NODE or SERVICE, got '" + Printable.of(positionals.get(0)) + "'");
      }
      if (timeout != null && timeout.isZero()) {
        throw new UsageException("--demo needs a --timeout above 0: the plain JDK connect would wait for the OS");
      }
      return new CommandLine(Action.DEMO, null, null, timeout, attemptDelay, family, sequential, verbose);
    }
    if (positionals.size() < 2) {
      throw new UsageException(positionals.isEmpty() ? "missing NODE and SERVICE"
          : "missing SERVICE after NODE '" + Printable.of(positionals.get(0)) + "'");
    }
    if (positionals.size() > 2) {
      throw new UsageException("unexpected argument '" + Printable.of(positionals.get(2))
          + "': expected only NODE and SERVICE");
    }
    return new CommandLine(Action.CONNECT, positionals.get(0), positionals.get(1), timeout, attemptDelay,
        family, sequential, verbose);
  }

  /**
   * {@code configured} (the configuration chain's settings) with the options given on top, and
   * nothing logged: the command line reports the connect itself, on one line. The timeout is
   * {@link #timeout(Settings)}, passed per connect.
   */
  public Settings settings(Settings configured) {
    Settings s = configured.withLog(Settings.Log.OFF);
    if (attemptDelay != null) {
      s = s.withAttemptDelay(attemptDelay);
    }
    if (family != null) {
      s = s.withFamily(family);
    }
    return sequential ? s.withStrategy(Strategy.SEQUENTIAL) : s;
  }

  /**
   * The overall timeout of the connect: {@code --timeout} when given (zero = none), else the
   * configured {@code timeout} when one is set, else {@link #DEFAULT_TIMEOUT} ({@link #DEMO_TIMEOUT}
   * for the demo).
   */
  public Duration timeout(Settings configured) {
    if (timeout != null) {
      return timeout;
    }
    return configured.timeout().orElse(action == Action.DEMO ? DEMO_TIMEOUT : DEFAULT_TIMEOUT);
  }

  private static Action earlyAction(String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return null;
      }
      if (arg.equals("--help") || arg.equals("-h")) {
        return Action.HELP;
      }
      if (arg.equals("--version")) {
        return Action.VERSION;
      }
    }
    return null;
  }

  private static Duration millis(String option, String value) throws UsageException {
    // Digits only: "+5", "1e3", "5s" and " 5" are mistakes worth naming, not guessing at.
    if (!value.matches("[0-9]{1,10}") || Long.parseLong(value) > Integer.MAX_VALUE) {
      throw new UsageException(option + ": " + expected(option) + ", got '" + Printable.of(value) + "'");
    }
    return Duration.ofMillis(Long.parseLong(value));
  }

  private static Family family(String value) throws UsageException {
    try {
      return Family.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--family: " + expected("--family") + ", got '" + Printable.of(value) + "'");
    }
  }

  private static String expected(String option) {
    return option.equals("--family") ? "expected any, ipv4 or ipv6"
        : "expected milliseconds, a whole number from 0 to " + Integer.MAX_VALUE;
  }
}
