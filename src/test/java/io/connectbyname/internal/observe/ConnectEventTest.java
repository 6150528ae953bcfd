package io.connectbyname.internal.observe;

import io.connectbyname.cli.Blackhole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.connectbyname.ByNameSocketFactory;
import io.connectbyname.ConnectByName;
import io.connectbyname.Connection;
import io.connectbyname.Settings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.EventType;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The JFR event io.connectbyname.Connect, recorded in-process on real loopback connects. */
class ConnectEventTest {
  private static final String EVENT = "io.connectbyname.Connect";

  @TempDir
  Path dir;

  @Test
  void jfrIsPresentInThisJvm() {
    assertTrue(Events.available());
  }

  @Test
  @Timeout(30)
  void connectedRefusedTimedOutAndRacedConnectsEachRecordOneEvent() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    Path file = dir.resolve("connect.jfr");
    int live;
    int refused;
    int dead;
    int raced;
    try (ServerSocket server = new ServerSocket(0, 50, loopback);
        SocketChannel notListening = SocketChannel.open().bind(new InetSocketAddress(loopback, 0));
        Blackhole blackhole = Blackhole.open(new InetSocketAddress(loopback, 0));
        Recording recording = new Recording()) {
      live = server.getLocalPort();
      refused = ((InetSocketAddress) notListening.getLocalAddress()).getPort();
      dead = blackhole.address().getPort();
      // A connect before the recording starts (Flight Recorder is initialized by new Recording()):
      // the event class is loaded before it records, and that connect is not recorded.
      ConnectByName.connect("127.0.0.1", live, Duration.ofSeconds(5)).close();
      recording.enable(EVENT);
      recording.start();

      try (Connection c = ConnectByName.connect("127.0.0.1", live, Duration.ofSeconds(5))) {
        assertEquals(live, c.remote().getPort());
      }
      assertThrows(ConnectException.class, () -> ConnectByName.connect("127.0.0.1", refused, Duration.ofSeconds(5)));
      assertThrows(SocketTimeoutException.class,
          () -> ConnectByName.connect("127.0.0.1", dead, Duration.ofMillis(200)));
      // two addresses: 127.0.0.2 refuses (nothing listens there on that port), 127.0.0.1 wins
      Settings twoAddresses = Settings.defaults()
          .withResolver(host -> List.of(InetAddress.getByName("127.0.0.2"), loopback));
      try (ServerSocket second = new ServerSocket(0, 50, loopback);
          Connection c = ConnectByName.with(twoAddresses).connect("two.test", second.getLocalPort(),
              Duration.ofSeconds(5))) {
        raced = second.getLocalPort();
        assertEquals(2, c.attempts().size());
      }

      recording.stop();
      recording.dump(file);
    }

    List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().equals(EVENT)).toList();
    assertEquals(4, events.size(), events.toString());

    RecordedEvent connected = only(events, live);
    assertEquals("127.0.0.1", connected.getString("node"));
    assertEquals("127.0.0.1:" + live, connected.getString("remote"));
    assertEquals(1, connected.getInt("attempts"));
    assertEquals("connected", connected.getString("outcome"));
    assertFalse(connected.getDuration().isNegative());

    RecordedEvent refusedEvent = only(events, refused);
    assertEquals("", refusedEvent.getString("remote"));
    assertEquals(1, refusedEvent.getInt("attempts"));
    assertEquals("refused", refusedEvent.getString("outcome"));

    RecordedEvent timedOut = only(events, dead);
    assertEquals("", timedOut.getString("remote"));
    assertEquals("timed out", timedOut.getString("outcome"));
    assertTrue(timedOut.getDuration().compareTo(Duration.ofMillis(150)) >= 0,
        "the event lasts as long as the connect: " + timedOut.getDuration());

    RecordedEvent racedEvent = only(events, raced);
    assertEquals("two.test", racedEvent.getString("node"));
    assertEquals("127.0.0.1:" + raced, racedEvent.getString("remote"));
    assertEquals(2, racedEvent.getInt("attempts"));
    assertEquals("connected", racedEvent.getString("outcome"));

    EventType type = connected.getEventType();
    assertEquals("Connect by name", type.getLabel());
    assertEquals(List.of("connect-by-name"), type.getCategoryNames());
    assertTrue(connected.getStackTrace() != null, "the stack trace shows who connected");

    assertJfrToolPrints(file, live);
  }

  @Test
  @Timeout(30)
  void aConnectEndedByClosingTheSocketIsRecordedAsAborted() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    Path file = dir.resolve("aborted.jfr");
    int dead;
    try (Blackhole blackhole = Blackhole.open(new InetSocketAddress(loopback, 0));
        Recording recording = new Recording()) {
      dead = blackhole.address().getPort();
      recording.enable(EVENT);
      recording.start();
      Socket socket = new ByNameSocketFactory(Settings.defaults().withLog(Settings.Log.OFF)).createSocket();
      Thread closer = new Thread(() -> {
        try {
          Thread.sleep(200); // let the connect start; a close before it is an abort all the same
          socket.close();
        } catch (IOException | InterruptedException e) {
          throw new AssertionError(e);
        }
      });
      closer.start();
      assertThrows(SocketException.class, () -> socket.connect(blackhole.address(), 10_000));
      closer.join();
      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().equals(EVENT)).toList();
    RecordedEvent aborted = only(events, dead);
    assertEquals("aborted", aborted.getString("outcome"));
    assertEquals("", aborted.getString("remote"));
  }

  @Test
  @Timeout(60)
  void withoutTheJdkJfrModuleTheLibraryConnectsAsEver() throws Exception {
    // --limit-modules java.base: a runtime without jdk.jfr, as a jlink image may be.
    String out = connectInAChildJvm("--limit-modules", "java.base");
    assertFalse(out.contains("NoClassDefFoundError"), out);
  }

  @Test
  @Timeout(60)
  void theEventClassIsNotLoadedBeforeFlightRecorderStarts() throws Exception {
    // Loading an event class sets up JFR's metadata (100-200 ms): not for a program that records nothing.
    String out = connectInAChildJvm("--add-modules", "jdk.jfr", "-Xlog:class+load=info");
    assertTrue(out.contains("io.connectbyname.internal.observe.Events "), "the facade is used: " + out);
    assertFalse(out.contains("io.connectbyname.internal.observe.ConnectEvent "), out);
  }

  /** Runs the command line on the library's module in a child JVM, connecting to a local server. */
  private static String connectInAChildJvm(String... options) throws Exception {
    Path module = Path.of(ConnectByName.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      List<String> command = new ArrayList<>(List.of(java.toString()));
      command.addAll(List.of(options));
      command.addAll(List.of("--module-path", module.toString(), "-m", "io.connectbyname/io.connectbyname.cli.Main",
          "127.0.0.1", Integer.toString(server.getLocalPort())));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = output(p);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child JVM did not end");
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("connected to 127.0.0.1 " + server.getLocalPort()), out);
      return out;
    }
  }

  /** The JDK's own {@code jfr print} shows the event (the tool is a separate process). */
  private static void assertJfrToolPrints(Path file, int live) throws IOException, InterruptedException {
    Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
    assumeTrue(Files.isExecutable(jfr), "no jfr tool in " + jfr.getParent());
    Process p = new ProcessBuilder(jfr.toString(), "print", "--events", EVENT, file.toString())
        .redirectErrorStream(true).start();
    String out = output(p);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "jfr print did not end");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains(EVENT + " {"), out);
    assertTrue(out.contains("service = \"" + live + "\""), out);
    assertTrue(out.contains("remote = \"127.0.0.1:" + live + "\""), out);
    assertTrue(out.contains("outcome = \"connected\""), out);
    assertTrue(out.contains("outcome = \"refused\""), out);
    assertTrue(out.contains("outcome = \"timed out\""), out);
  }

  /** Everything {@code p} writes; its pipes are closed here, not later by the JDK's reaper thread. */
  private static String output(Process p) throws IOException {
    p.getOutputStream().close();
    try (var in = p.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static RecordedEvent only(List<RecordedEvent> events, int port) {
    List<RecordedEvent> found = events.stream()
        .filter(e -> Integer.toString(port).equals(e.getString("service"))).toList();
    assertEquals(1, found.size(), "events for port " + port + ": " + events);
    return found.get(0);
  }
}
