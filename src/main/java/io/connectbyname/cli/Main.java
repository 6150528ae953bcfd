package io.connectbyname.cli;

import io.connectbyname.ConnectByName;
import io.connectbyname.Connection;

import io.connectbyname.internal.text.Addresses;
import io.connectbyname.cli.AttemptTable;
import io.connectbyname.cli.CommandLine;
import io.connectbyname.cli.Demo;
import io.connectbyname.cli.HelpText;
import io.connectbyname.internal.text.Reason;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * The command line: {@code java -jar connect-by-name.jar NODE SERVICE [options]} connects by name,
 * prints the address that won, and closes the connection; {@code --demo} shows the difference on
 * loopback; {@code --help} lists every option with its default.
 *
 * <p>Exit status: 0 connected, 1 the connect failed (one line on stderr, never a stack trace),
 * 2 the command line was wrong (the reason and the usage on stderr).
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
   * @return the exit status: 0 success, 1 connect failed, 2 usage error
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
    switch (line.action()) {
      case HELP:
        out.print(HelpText.HELP);
        return 0;
      case VERSION:
        out.println(PROGRAM + " " + version());
        return 0;
      case DEMO:
        return Demo.run(line.timeout(), line.settings(), out, err);
      default:
        return connect(line, out, err);
    }
  }

  private static int connect(CommandLine line, PrintStream out, PrintStream err) {
    Connection c;
    try {
      c = ConnectByName.with(line.settings()).open(line.node(), line.service(), line.timeout());
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
