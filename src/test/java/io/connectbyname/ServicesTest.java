package io.connectbyname;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.InputStream;
import java.net.UnknownServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ServicesTest {

  @TempDir Path dir;

  // --- the parser, on tables of lines ---

  static Stream<Arguments> parserCases() {
    return Stream.of(
        arguments("one entry", List.of("http 80/tcp"), Map.of("http", 80), 0),
        arguments("tabs, CRLF", List.of("http\t\t80/tcp\t# web\r"), Map.of("http", 80), 0),
        arguments("comments and blank lines",
            List.of("# header", "", "   ", "\t", "ssh 22/tcp # trailing", "#ftp 21/tcp"),
            Map.of("ssh", 22), 0),
        arguments("comment glued to the entry", List.of("ssh 22/tcp#SSH"), Map.of("ssh", 22), 0),
        arguments("aliases", List.of("smtp 25/tcp mail  # Simple Mail"),
            Map.of("smtp", 25, "mail", 25), 0),
        arguments("alias list cut by comment", List.of("kerberos 88/tcp krb5 # kerberos5"),
            Map.of("kerberos", 88, "krb5", 88), 0),
        arguments("udp and sctp ignored, not malformed",
            List.of("dns 53/udp", "sip 5060/sctp", "ntp 123/UDP ntpd"), Map.of(), 0),
        arguments("tcp after udp for the same name", List.of("domain 53/udp", "domain 54/tcp"),
            Map.of("domain", 54), 0),
        arguments("case-insensitive names and protocol", List.of("PostgreSQL 5432/TCP Postgres"),
            Map.of("postgresql", 5432, "postgres", 5432), 0),
        arguments("first entry wins", List.of("a 1/tcp b", "a 2/tcp", "B 3/tcp", "c 4/tcp a"),
            Map.of("a", 1, "b", 1, "c", 4), 0),
        arguments("ports 0 and 65535", List.of("zero 0/tcp", "top 65535/tcp"),
            Map.of("zero", 0, "top", 65535), 0),
        arguments("byte order mark", List.of("\uFEFFhttp 80/tcp"), Map.of("http", 80), 0),
        arguments("many aliases", List.of("x 1/tcp a b c d e f g h i"),
            Map.of("x", 1, "a", 1, "b", 1, "c", 1, "d", 1, "e", 1, "f", 1, "g", 1, "h", 1, "i", 1),
            0),
        arguments("non-ASCII names lower-cased", List.of("Café 1/tcp ÉCOLE"),
            Map.of("café", 1, "école", 1), 0),
        arguments("protocol must be exactly tcp", List.of("a 1/tcpx", "b 2/tc", "c 3/tcp/x"),
            Map.of(), 0),
        arguments("malformed lines counted",
            List.of("lonely", "noslash 80", "noport /tcp", "noproto 80/", "word x/tcp",
                "neg -1/tcp", "big 65536/tcp", "huge 99999999999/tcp", "plus +80/tcp",
                "hex 0x50/tcp", "ok 1/tcp"),
            Map.of("ok", 1), 10),
        arguments("control character in a line",
            List.of("bad\u0001 7/tcp", "ok 1/tcp x\u0000y", "c1 2/tcp x\u0085y", "del\u007F 3/tcp"),
            Map.of(), 4),
        arguments("malformed udp line still counted", List.of("x 70000/udp"), Map.of(), 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parserCases")
  void parsesServicesFormat(String what, List<String> lines, Map<String, Integer> ports,
      int malformed) {
    ServicesFile.Table table = ServicesFile.parse(String.join("\n", lines));
    assertEquals(ports, table.ports());
    assertEquals(malformed, table.malformed());
  }

  @Test
  void capKeepsWholeLinesAndCountsTheRestAsOne() {
    byte[] text = "a 1/tcp\nb 2/tcp\nc 3/tcp\n".getBytes(UTF_8);
    ServicesFile.Table cut = ServicesFile.parse(text, 12); // cap falls inside "b 2/tcp"
    assertEquals(Map.of("a", 1), cut.ports());
    assertEquals(1, cut.malformed());
    assertEquals(3, ServicesFile.parse(text, text.length).ports().size());
  }

  @Test
  void bundledCopyIsWellFormed() throws IOException {
    try (InputStream in = Services.class.getResourceAsStream("services")) {
      ServicesFile.Table bundled = ServicesFile.parse(new String(in.readAllBytes(), UTF_8));
      assertEquals(0, bundled.malformed());
      assertTrue(bundled.ports().size() >= 150, "names: " + bundled.ports().size());
    }
  }

  // --- port(): decimal ports and bad input ---

  @ParameterizedTest
  @CsvSource({"0, 0", "1, 1", "80, 80", "0080, 80", "65535, 65535"})
  void decimalPortIsItself(String service, int port) throws IOException {
    assertEquals(port, bundledOnly().port(service));
  }

  static Stream<Arguments> badServices() {
    return Stream.of(
        arguments("", "''"),
        arguments("   ", "'   '"),
        arguments("\t", "'\\u0009'"),
        arguments("ht\u0000tp", "'ht\\u0000tp'"),
        arguments("http\n", "'http\\u000A'"),
        arguments("ht tp", "'ht tp'"),
        arguments(" http", "' http'"),
        arguments("http\u00A0", "'http\u00A0'"),
        arguments("65536", "'65536'"),
        arguments("-1", "'-1'"),
        arguments("+80", "'+80'"),
        arguments("99999999999999", "'99999999999999'"));
  }

  @ParameterizedTest
  @MethodSource("badServices")
  void badServiceIsRejectedByName(String service, String shown) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bundledOnly().port(service));
    assertTrue(e.getMessage().contains(shown), e.getMessage());
    assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), e.getMessage());
  }

  @Test
  void nullServiceIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bundledOnly().port(null));
    assertEquals("Service is null: null", e.getMessage());
  }

  @Test
  void longBadValueIsCutToOneShortLine() {
    String service = "x".repeat(5000) + "\n";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bundledOnly().port(service));
    assertTrue(e.getMessage().length() < 200, e.getMessage());
    assertTrue(e.getMessage().contains("(5001 chars)"), e.getMessage());
  }

  @Test
  void unknownNameNamesItAndTheSources() {
    Services services = Services.of(null, dir.resolve("none"));
    UnknownServiceException e =
        assertThrows(UnknownServiceException.class, () -> services.port("no-such-service"));
    assertEquals("Unknown service 'no-such-service': not in overrides, " + dir.resolve("none")
        + " or the bundled list", e.getMessage());
  }

  // --- the three sources, in order ---

  @Test
  void overridesBeatTheFileWhichBeatsTheBundledCopy() throws IOException {
    Path file = write("http 8081/tcp www", "myapp 9999/tcp", "postgresql 15432/udp", "junk",
        "café 4000/tcp");
    Services services = Services.of(Map.of("MyApp", 7000, "ssh", 2222), file);
    assertEquals(7000, services.port("myapp"));
    assertEquals(7000, services.port("MYAPP"));
    assertEquals(2222, services.port("ssh"));
    assertEquals(8081, services.port("Http"));
    assertEquals(8081, services.port("www"));
    assertEquals(5432, services.port("postgresql")); // the file has it for udp only
    assertEquals(443, services.port("https"));
    assertEquals(4000, services.port("CAFÉ"));
    assertTrue(services.fileLoaded());
    assertEquals(1, services.malformedLines());
    assertEquals(file, services.file());
  }

  @Test
  void fileIsReadOnlyWhenALookupNeedsIt() throws IOException {
    Services services = Services.of(Map.of("mine", 1), write("bad line", "http 81/tcp"));
    assertEquals(8080, services.port("8080"));
    assertEquals(1, services.port("mine"));
    assertFalse(services.fileLoaded());
    assertEquals(0, services.malformedLines());
    assertEquals(81, services.port("http"));
    assertTrue(services.fileLoaded());
    assertEquals(1, services.malformedLines());
  }

  @Test
  void fileIsReadOnceAndCached() throws IOException {
    Path file = write("myapp 1000/tcp");
    Services services = Services.of(null, file);
    assertEquals(1000, services.port("myapp"));
    Files.writeString(file, "myapp 2000/tcp\n");
    assertEquals(1000, services.port("myapp"));
  }

  @ParameterizedTest
  @CsvSource({"missing", "."})
  void missingFileOrDirectoryFallsBackToTheBundledCopy(String name) throws IOException {
    Services services = Services.of(null, dir.resolve(name));
    assertEquals(80, services.port("http"));
    assertFalse(services.fileLoaded());
    assertEquals(0, services.malformedLines());
  }

  @Test
  void hugeBinaryFileIsCappedNotFatal() throws IOException {
    byte[] garbage = new byte[ServicesFile.MAX_FILE_BYTES + (1 << 20)];
    new Random(42).nextBytes(garbage);
    byte[] head = "myapp 4242/tcp\n".getBytes(UTF_8);
    System.arraycopy(head, 0, garbage, 0, head.length);
    Path file = Files.write(dir.resolve("services"), garbage);
    Services services = Services.of(null, file);
    assertEquals(4242, services.port("myapp"));
    assertEquals(443, services.port("https"));
    assertTrue(services.fileLoaded());
    assertTrue(services.malformedLines() > 1000, "malformed: " + services.malformedLines());
  }

  @ParameterizedTest
  @CsvSource({
      "http, 80", "https, 443", "www, 80", "postgresql, 5432", "postgres, 5432", "mysql, 3306",
      "redis, 6379", "ldap, 389", "ldaps, 636", "smtp, 25", "mail, 25", "submission, 587",
      "submissions, 465", "smtps, 465", "imap, 143", "imaps, 993", "pop3s, 995", "ssh, 22",
      "domain, 53", "ms-sql-s, 1433", "mongodb, 27017", "memcache, 11211", "amqp, 5672",
      "amqps, 5671", "mqtt, 1883", "secure-mqtt, 8883", "http-alt, 8080", "git, 9418",
      "rsync, 873", "xmpp-client, 5222", "sip, 5060", "ms-wbt-server, 3389", "kerberos, 88",
      "oracle, 1521", "kafka, 9092", "HTTPS, 443"})
  void bundledCopyAloneResolvesCommonNames(String name, int port) throws IOException {
    assertEquals(port, bundledOnly().port(name));
    assertEquals(OptionalInt.of(port), bundledOnly().lookup(name));
  }

  // --- overrides are checked at once ---

  static Stream<Arguments> badOverrides() {
    Map<String, Integer> nullName = new HashMap<>();
    nullName.put(null, 1);
    Map<String, Integer> nullPort = new HashMap<>();
    nullPort.put("app", null);
    return Stream.of(
        arguments(nullName, "name is null: null"),
        arguments(Map.of("", 1), "''"),
        arguments(Map.of("  ", 1), "'  '"),
        arguments(Map.of("my app", 1), "'my app'"),
        arguments(Map.of("app\r", 1), "'app\\u000D'"),
        arguments(Map.of("8080", 1), "'8080'"),
        arguments(Map.of("app", -1), "'app'=-1"),
        arguments(Map.of("app", 65536), "'app'=65536"),
        arguments(nullPort, "'app'=null"),
        arguments(Map.of("App", 1, "aPP", 2), "differ only in case"));
  }

  @ParameterizedTest
  @MethodSource("badOverrides")
  void badOverrideIsRejectedAtOnce(Map<String, Integer> overrides, String shown) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Services.of(overrides, null));
    assertTrue(e.getMessage().contains(shown), e.getMessage());
  }

  @Test
  void overridesAreCopied() throws IOException {
    Map<String, Integer> overrides = new HashMap<>(Map.of("app", 0));
    Services services = Services.of(overrides, dir.resolve("none"));
    overrides.put("app", 65535);
    assertEquals(0, services.port("app"));
  }

  // --- lookup(), system(), defaults ---

  @Test
  void lookupNeverThrows() {
    Services services = bundledOnly();
    assertEquals(OptionalInt.of(22), services.lookup("SSH"));
    assertEquals(OptionalInt.empty(), services.lookup("no-such-service"));
    assertEquals(OptionalInt.empty(), services.lookup("80"));
    assertEquals(OptionalInt.empty(), services.lookup(null));
    assertEquals(OptionalInt.empty(), services.lookup(" "));
    assertEquals(OptionalInt.empty(), services.lookup("ht\u0000tp"));
  }

  @Test
  void systemIsOneSharedInstance() throws IOException {
    assertSame(Services.system(), Services.system());
    assertEquals(80, Services.system().port("http"));
    assertEquals(Path.of(Services.defaultFileName(System.getProperty("os.name"), System.getenv("WINDIR"))),
        Services.system().file());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "Linux      | null        | /etc/services",
      "Mac OS X   | null        | /etc/services",
      "Windows 11 | D:\\WINNT   | D:\\WINNT\\system32\\drivers\\etc\\services",
      "Windows 10 | null        | C:\\Windows\\system32\\drivers\\etc\\services"})
  void defaultFileFollowsTheOperatingSystem(String os, String windir, String expected) {
    assertEquals(expected, Services.defaultFileName(os, windir));
  }

  @Test
  @Timeout(10)
  void concurrentFirstLookupsAgree() throws Exception {
    Services services = Services.of(null, write("myapp 1234/tcp"));
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      Callable<Integer> lookup = () -> {
        start.await();
        return services.port("myapp");
      };
      for (int i = 0; i < threads; i++) results.add(pool.submit(lookup));
      start.countDown();
      for (Future<Integer> result : results) assertEquals(1234, result.get());
    } finally {
      pool.shutdownNow();
    }
  }

  private Services bundledOnly() {
    return Services.of(null, dir.resolve("no-services-file"));
  }

  private Path write(String... lines) throws IOException {
    return Files.write(dir.resolve("services"), List.of(lines), UTF_8);
  }
}
