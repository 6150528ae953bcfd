package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's {@code nio} setting in child JVMs running {@code app.NioProbe}, which prints the JVM's
 * selector provider and opens a {@code SocketChannel}: {@code nio=on} installs
 * {@link ByNameSelectorProvider}; off (the default) leaves the JDK's; and where it cannot be
 * installed (an attach after NIO was used, a provider the JVM names itself) the agent says so in one
 * line and the JVM runs exactly as without the library: the provider it had, its channels
 * connecting as before.
 */
@Timeout(60)
class NioInstallIT {
  private static final String OURS = ByNameSelectorProvider.class.getName();
  private static Fixtures.Server echo;
  /** The provider of a JVM without the library, e.g. sun.nio.ch.EPollSelectorProvider. */
  private static String jdks;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    echo = Fixtures.echoServer(Fixtures.V4, 0);
    jdks = provider(probe(List.of()));
  }

  @AfterAll
  static void stop() throws Exception {
    echo.close();
  }

  @Test
  void nioOnInstallsTheByNameProviderAndItsChannelsConnect() throws Exception {
    ChildJvm.Result r = probe(List.of("-javaagent:" + ChildJvm.jar() + "=nio=on"));
    assertEquals(OURS, provider(r), r.toString());
    assertConnected(r);
    assertEquals("", r.err(), "nothing said");
  }

  @Test
  void withoutTheAgentTheReadmesTwoFlagsInstallIt() throws Exception {
    String flags = "-Djava.nio.channels.spi.SelectorProvider=" + OURS + " --add-exports java.base/sun.nio.ch=ALL-UNNAMED";
    Documented.line(Documented.README, "`" + flags + "`");
    List<String> args = new java.util.ArrayList<>(List.of(flags.split(" ")));
    args.addAll(List.of("-cp", ChildJvm.jar() + java.io.File.pathSeparator + ChildJvm.programs(), "app.NioProbe",
        "127.0.0.1", String.valueOf(echo.port())));
    ChildJvm.Result r = ChildJvm.run(args.toArray(String[]::new));
    assertEquals(0, r.exit(), r.toString());
    assertEquals(OURS, provider(r), r.toString());
    assertConnected(r);
    assertEquals("", r.err(), "nothing said");
  }

  @Test
  void byDefaultTheAgentLeavesTheJdksProvider() throws Exception {
    ChildJvm.Result r = probe(List.of("-javaagent:" + ChildJvm.jar()));
    assertEquals(jdks, provider(r), r.toString());
    assertConnected(r);
    assertEquals("", r.err(), "nothing said");
  }

  @Test
  void aProviderTheJvmNamesItselfIsLeftAloneAndSaidInOneLine() throws Exception {
    ChildJvm.Result r = probe(List.of("-Djava.nio.channels.spi.SelectorProvider=app.NamedProvider",
        "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "-javaagent:" + ChildJvm.jar() + "=nio=on"));
    assertEquals("app.NamedProvider", provider(r), r.toString());
    assertConnected(r);
    assertEquals(List.of("connect-by-name: nio=on, but NIO channels do not connect by name: the JVM names another"
        + " provider (-Djava.nio.channels.spi.SelectorProvider=app.NamedProvider)"), r.err().lines().toList());
  }

  @Test
  void anAttachAfterNioWasUsedSaysSoInOneLineAndLeavesTheJvmAsItWas() throws Exception {
    List<String> args = List.of("-cp", ChildJvm.programs().toString(), "app.NioProbe", "127.0.0.1",
        String.valueOf(echo.port()), "--wait");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process child = ChildJvm.start(Map.of(), args, out, err);
    try {
      AttachIT.awaitLine(child, out, "ready");
      ChildJvm.Result attach = AttachIT.jcmd(child.pid(), "JVMTI.agent_load", ChildJvm.jar().toString(), "\"nio=on\"");
      assertTrue(attach.out().contains("return code: 0"), "the socket factory is still installed: " + attach);
      try (OutputStream stdin = child.getOutputStream()) {
        stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
      }
      assertTrue(child.waitFor(ChildJvm.LIMIT.toMillis(), TimeUnit.MILLISECONDS), "the child did not end");
      ChildJvm.Result r = new ChildJvm.Result(child.exitValue(), ChildJvm.read(out), ChildJvm.read(err));
      assertEquals(jdks, provider(r), r.toString());
      assertConnected(r);
      assertEquals(List.of("connect-by-name: nio=on, but NIO channels do not connect by name: the JVM has chosen its"
          + " provider already (NIO was used before the agent ran)"),
          r.err().lines().filter(l -> !l.startsWith("WARNING: ")).toList(), "one line (JDK 21+ warns of the attach itself)");
    } finally {
      ChildJvm.end(child);
    }
  }

  private static ChildJvm.Result probe(List<String> jvmOptions) throws Exception {
    List<String> args = new java.util.ArrayList<>(jvmOptions);
    args.addAll(List.of("-cp", ChildJvm.programs().toString(), "app.NioProbe", "127.0.0.1", String.valueOf(echo.port())));
    ChildJvm.Result r = ChildJvm.run(args.toArray(String[]::new));
    assertEquals(0, r.exit(), r.toString());
    return r;
  }

  private static String provider(ChildJvm.Result r) {
    return r.out().lines().filter(l -> l.startsWith("provider ")).map(l -> l.substring("provider ".length()))
        .findFirst().orElseThrow(() -> new AssertionError("no provider line: " + r));
  }

  private static void assertConnected(ChildJvm.Result r) {
    ChildJvm.Reported c = r.reported();
    assertEquals("connected", c.outcome(), r.toString());
    assertTrue(c.detail().endsWith("127.0.0.1:" + echo.port()), r.toString());
  }
}
