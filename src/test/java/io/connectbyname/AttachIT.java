package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent attached to a JVM that is already running, with {@code jcmd PID JVMTI.agent_load}:
 * a bad argument installs nothing and leaves the JVM running; a good attach makes the sockets
 * made from then on connect by name.
 */
class AttachIT {
  @TempDir Path dir;

  @Test
  @Timeout(60)
  void socketsMadeAfterAnAttachConnectByName() throws Exception {
    try (DeadFirstName site = DeadFirstName.open(dir, a -> Fixtures.echoServer(a.getAddress(), a.getPort()))) {
      List<String> args = new ArrayList<>(site.jvmOptions());
      args.addAll(List.of("-cp", ChildJvm.programs().toString(), "app.Connect", DeadFirstName.NAME,
          String.valueOf(site.port()), "5000", "--wait"));
      Path out = dir.resolve("out.txt");
      Path err = dir.resolve("err.txt");
      Process child = ChildJvm.start(Map.of(), args, out, err);
      try {
        awaitLine(child, out, "ready");

        // jcmd passes agent arguments as one token only in double quotes of their own.
        ChildJvm.Result bad = jcmd(child.pid(), "JVMTI.agent_load", ChildJvm.jar().toString(), "\"family=sideways\"");
        assertFalse(bad.out().contains("return code: 0"), "a bad argument fails the attach: " + bad);
        assertTrue(child.isAlive(), "a bad attach leaves the JVM running");
        assertTrue(ChildJvm.read(err).contains(
            "connect-by-name: Bad setting family=sideways (from agent arguments): expected any | ipv4 | ipv6"),
            ChildJvm.read(err));

        ChildJvm.Result good = jcmd(child.pid(), "JVMTI.agent_load", ChildJvm.jar().toString());
        assertEquals(0, good.exit(), good.toString());
        assertTrue(good.out().contains("return code: 0"), good.toString());

        try (OutputStream stdin = child.getOutputStream()) {
          stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(child.waitFor(ChildJvm.LIMIT.toMillis(), TimeUnit.MILLISECONDS), "the child did not end");
        ChildJvm.Result r = new ChildJvm.Result(child.exitValue(), ChildJvm.read(out), ChildJvm.read(err));
        ChildJvm.Reported connect = r.reported();
        System.out.println("new Socket() after jcmd JVMTI.agent_load: " + connect);
        assertEquals("connected", connect.outcome(), r.toString());
        assertTrue(connect.detail().contains("/127.0.0.1:" + site.port()), r.toString());
        assertTrue(connect.millis() < 1000, "by name, not the plain 5 s timeout: " + r);
      } finally {
        ChildJvm.end(child);
      }
    }
  }

  /** Runs {@code jcmd args...} of the JDK running the tests. */
  static ChildJvm.Result jcmd(long pid, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ChildJvm.jdkTool("jcmd").toString(), String.valueOf(pid)));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(ChildJvm.LIMIT.toMillis(), TimeUnit.MILLISECONDS), "jcmd did not end: " + output);
      return new ChildJvm.Result(p.exitValue(), output, "");
    } finally {
      ChildJvm.end(p);
    }
  }

  /** Waits until the child has printed {@code line}, failing if it ends or takes too long. */
  static void awaitLine(Process child, Path out, String line) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + ChildJvm.LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.readString(out).lines().anyMatch(line::equals)) {
        return;
      }
      if (!child.isAlive()) {
        fail("the child ended before printing '" + line + "': " + Files.readString(out));
      }
      Thread.sleep(20);
    }
    fail("the child did not print '" + line + "' within " + ChildJvm.LIMIT);
  }
}
