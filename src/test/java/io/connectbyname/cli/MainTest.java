package io.connectbyname.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.connectbyname.Fixtures;
import io.connectbyname.TemporarySettings;
import io.connectbyname.clients.TwoAddressResolver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line, run in-process with captured output. */
@Timeout(20)
class MainTest {
  private static final String ARROW = "(\u2192|->)";

  /** The exit status and what was printed. */
  record Run(int status, String out, String err) {
    String[] outLines() {
      return out.lines().toArray(String[]::new);
    }
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(args, o, e);
    }
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "127.0.0.1", "--bogus 127.0.0.1 80", "127.0.0.1 80 --timeout -5",
      "127.0.0.1 80 --timeout x", "127.0.0.1 80 --family ipv5", "a b c", "--demo 127.0.0.1"})
  void usageErrorsExit2WithTheReasonAndUsageOnStderr(String args) {
    Run r = run(args.isEmpty() ? new String[0] : args.split(" "));
    assertEquals(2, r.status());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("connect-by-name: "), r.err());
    assertTrue(r.err().lines().skip(1).findFirst().orElse("").startsWith("usage: "), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    Run r = run("--help");
    assertEquals(0, r.status());
    assertEquals("", r.err());
    for (String s : new String[] {"--timeout MS", "--attempt-delay MS", "--family F", "--sequential",
        "--verbose", "--demo", "--version", "--help", "else 10000 (3000 with --demo)", "CONNECTBYNAME_*",
        "-Dconnectbyname.*", "connect-by-name.properties", "setting of the configuration was",
        "Default: 250", "Default: any", "Exit status: 0"}) {
      assertTrue(r.out().contains(s), () -> "help lacks '" + s + "':\n" + r.out());
    }
  }

  @Test
  void versionPrintsOneLine() {
    Run r = run("--version");
    assertEquals(0, r.status());
    assertEquals(1, r.outLines().length);
    assertTrue(r.out().startsWith("connect-by-name "), r.out());
  }

  @Test
  void connectsByLiteralAndPortAndPrintsOneLine() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = server.getLocalPort();
      Run r = run("127.0.0.1", Integer.toString(port));
      assertEquals(0, r.status(), r.err());
      assertEquals("", r.err());
      assertEquals(1, r.outLines().length, r.out());
      assertTrue(r.out().strip().matches("connected to 127\\.0\\.0\\.1 " + port + " " + ARROW + " 127\\.0\\.0\\.1:"
          + port + " from 127\\.0\\.0\\.1:\\d+ in \\d+ ms"), r.out());
    }
  }

  /** Whether a socket can be bound to {@code v6}: absent where the kernel has IPv6 off. */
  private static boolean ipv6Loopback(InetAddress v6) {
    try (ServerSocket probe = new ServerSocket(0, 1, v6)) {
      return probe.isBound();
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void printsIpv6InBrackets() throws IOException {
    InetAddress v6 = InetAddress.getByName("::1");
    assumeTrue(ipv6Loopback(v6), "no IPv6 loopback (::1) on this machine");
    try (ServerSocket server = new ServerSocket(0, 50, v6)) {
      int port = server.getLocalPort();
      Run r = run("--timeout=2000", "::1", Integer.toString(port));
      assertEquals(0, r.status(), r.err());
      assertTrue(r.out().strip().matches("connected to ::1 " + port + " " + ARROW + " \\[::1\\]:" + port
          + " from \\[::1\\]:\\d+ in \\d+ ms"), r.out());
    }
  }

  @Test
  void verboseAddsTheAttemptTable() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = server.getLocalPort();
      Run r = run("--verbose", "127.0.0.1", Integer.toString(port));
      assertEquals(0, r.status(), r.err());
      String[] lines = r.outLines();
      assertEquals(3, lines.length, r.out());
      assertTrue(lines[0].startsWith("connected to 127.0.0.1 "), r.out());
      assertTrue(lines[1].matches("\\s+address\\s+start ms\\s+outcome\\s+duration ms"), r.out());
      assertTrue(lines[2].matches("\\s+127\\.0\\.0\\.1:" + port + "\\s+\\d+\\s+connected\\s+\\d+"), r.out());
    }
  }

  @Test
  void refusedExits1WithOneLineAndNoStackTrace() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort(); // closed again: nothing listens there now
    }
    Run r = run("127.0.0.1", Integer.toString(port));
    assertEquals(1, r.status());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("connect-by-name: "), r.err());
    assertTrue(r.err().contains("127.0.0.1:" + port) && r.err().contains("refused"), r.err());
    assertFalse(r.err().contains("at io."), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void unknownServiceExits1NamingIt() {
    Run r = run("127.0.0.1", "no-such-service-xyz");
    assertEquals(1, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("connect-by-name: ") && r.err().contains("no-such-service-xyz"), r.err());
    assertFalse(r.err().contains("at io."), r.err());
  }

  @Test
  void rejectedNodeExits1WithOneLine() {
    Run r = run("bad\nhost!", "80");
    assertEquals(1, r.status());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("bad\\u000ahost!"), r.err());
  }

  @Test
  void aBadConfigurationExits2WithOneLineNamingItAndHelpStillWorks() {
    String line = "connect-by-name: Bad setting attemptDelay=bogus (from system property connectbyname.attemptDelay):"
        + " expected a whole number >= 0";
    try (TemporarySettings s = TemporarySettings.of("attemptDelay", "bogus")) {
      for (String[] args : List.of(new String[] {"127.0.0.1", "80"}, new String[] {"--demo"})) {
        Run r = run(args);
        assertEquals(2, r.status(), r.err());
        assertEquals("", r.out());
        assertEquals(List.of(line), r.err().lines().toList(), "one line, no usage, no stack trace");
      }
      assertEquals(0, run("--help").status());
      assertEquals(0, run("--version").status());
    }
  }

  @Test
  void theConfigurationIsTheBaseAndAnOptionWinsOverIt() throws IOException {
    try (TemporarySettings s = TemporarySettings.of("resolver", TwoAddressResolver.class.getName(), "attemptDelay", "100")) {
      long configured = secondAttemptStart();
      assertTrue(configured >= 90 && configured < 200, "-Dconnectbyname.attemptDelay=100: " + configured + " ms");
      long option = secondAttemptStart("--attempt-delay", "400");
      assertTrue(option >= 390, "--attempt-delay 400 wins over the configured 100: " + option + " ms");
    }
  }

  /** The start (ms) of the attempt to 127.0.0.1, {@code --verbose}, past a silent ::1; a fresh site each time. */
  private static long secondAttemptStart(String... options) throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(Fixtures.V6), Fixtures.live(Fixtures.V4))) {
      List<String> args = new ArrayList<>(List.of(options));
      args.addAll(List.of("--verbose", TwoAddressResolver.NAME, Integer.toString(site.port())));
      Run r = run(args.toArray(String[]::new));
      assertEquals(0, r.status(), r.out() + r.err());
      Matcher m = Pattern.compile("127\\.0\\.0\\.1:" + site.port() + "\\s+(\\d+)\\s+connected").matcher(r.out());
      assertTrue(m.find(), r.out());
      return Long.parseLong(m.group(1));
    }
  }

  @Test
  void theConfiguredTimeoutIsUsedWhenNoTimeoutIsGiven() throws IOException {
    try (Fixtures.Site silent = Fixtures.site(Fixtures.blackhole(Fixtures.V4));
        TemporarySettings s = TemporarySettings.of("timeout", "300")) {
      long start = System.nanoTime();
      Run r = run("127.0.0.1", Integer.toString(silent.port()));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(1, r.status(), r.err());
      assertTrue(r.err().contains("timed out after 300 ms"), r.err());
      assertTrue(millis < 5000, "not the default 10 s: " + millis + " ms");
    }
  }

  @Test
  @Timeout(30)
  void demoShowsConnectByNameBeatingThePlainJdk() {
    Run r = run("--demo", "--timeout", "1000");
    assertEquals(0, r.status(), r.out() + r.err());
    Matcher plain = Pattern.compile("plain JDK:\\s+timed out after (\\d+) ms").matcher(r.out());
    Matcher byName = Pattern.compile("connect-by-name:\\s+connected to 127\\.0\\.0\\.1:\\d+ in (\\d+) ms").matcher(r.out());
    assertTrue(plain.find(), r.out());
    assertTrue(byName.find(), r.out());
    assertTrue(Long.parseLong(plain.group(1)) >= 990, r.out()); // waited out the whole timeout
    assertTrue(Long.parseLong(byName.group(1)) < 1000, r.out());
    assertTrue(r.out().contains("cancelled") && r.out().contains("connected"), r.out());
  }

  @Test
  @Timeout(30)
  void demoLeavesNoDescriptorOrThreadBehind() throws IOException {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd");
    run("--demo", "--timeout", "300"); // warm up: classes, selector provider
    Map<Integer, String> before = Fixtures.fileDescriptors();
    Run r = run("--demo", "--timeout", "300");
    assertEquals(0, r.status(), r.out() + r.err());
    Fixtures.assertNoDescriptorLeak(before, "after the demo"); // names what was left open
    assertTrue(Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().startsWith("connect-by-name demo")), "the listener thread ended");
  }

}
