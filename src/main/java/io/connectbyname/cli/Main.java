package io.connectbyname.cli;

import io.connectbyname.ConnectByName;
import io.connectbyname.Connection;
import io.connectbyname.Settings;
import io.connectbyname.internal.text.Addresses;
import io.connectbyname.internal.text.Reason;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * The command line: {@code java -jar connect-by-name.jar NODE SERVICE [options]} connects by name,
 * prints the address that won, and closes the connection; {@code --demo} shows the difference on
 * loopback; {@code --help} lists every option with its default. The settings are the configuration
 * chain's ({@link Settings#configured()}) with the options on top.
 *
 * <p>Exit status: 0 connected, 1 the connect failed (one line on stderr, never a stack trace),
 * 2 the command line or the configuration was wrong (the reason on stderr, and the usage after a
 * wrong command line).
 */
public final class Main {
  private static final String PROGRAM = "connect-by-name";
  /** "→" where the console can show it; a C locale would print "?". */
  private static final String ARROW = consoleCanShow('\u2192') ? "\u2192" : "->";

  private Main() {}

  /** Runs the command line and exits the JVM with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command line with the given output streams, in-process.
   *
   * @return the exit status: 0 success, 1 connect failed, 2 usage error or bad configuration
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine line;
    try {
      line = CommandLine.parse(args);
    } catch (CommandLine.UsageException e) {
      err.println(PROGRAM + ": " + e.getMessage());
      err.print(HelpText.USAGE);
      err.println("Try --help for every option and its default.");
      return 2;
    }
    if (line.action() == CommandLine.Action.HELP) {
      out.print(HelpText.HELP);
      return 0;
    }
    if (line.action() == CommandLine.Action.VERSION) {
      out.println(PROGRAM + " " + version());
      return 0;
    }
    Settings configured;
    try {
      configured = Settings.configured();
    } catch (IllegalArgumentException e) { // names the key, the value and where it came from
      err.println(PROGRAM + ": " + Reason.of(e));
      return 2;
    }
    if (line.action() == CommandLine.Action.DEMO) {
      return Demo.run(line.timeout(configured), line.settings(configured), out, err);
    }
    return connect(line, configured, out, err);
  }

  private static int connect(CommandLine line, Settings configured, PrintStream out, PrintStream err) {
    Connection c;
    try {
      c = ConnectByName.with(line.settings(configured)).connect(line.node(), line.service(), line.timeout(configured));
    } catch (IOException | RuntimeException e) {
      err.println(PROGRAM + ": " + Reason.of(e));
      return 1;
    }
    try {
      c.close(); // the connect was the point; nothing is sent
    } catch (IOException ignored) {
      // it connected, which is what is reported
    }
    out.println("connected to " + line.node() + " " + line.service() + " " + ARROW + " "
        + Addresses.format(c.remote()) + " from " + Addresses.format(c.local()) + " in "
        + c.elapsed().toMillis() + " ms");
    if (line.verbose()) {
      out.print(AttemptTable.format(c.attempts(), "  "));
    }
    return 0;
  }

  private static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version != null ? version : "(version unknown: not run from its jar)";
  }

  private static boolean consoleCanShow(char c) {
    // stdout.encoding is JDK 19+; JDK 17 writes System.out in file.encoding.
    String encoding = System.getProperty("stdout.encoding", System.getProperty("file.encoding", "US-ASCII"));
    try {
      return Charset.forName(encoding).newEncoder().canEncode(c);
    } catch (RuntimeException e) {
      return false; // an encoding the JVM does not know: stay with ASCII
    }
  }
}
