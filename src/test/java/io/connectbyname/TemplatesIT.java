package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code META-INF-templates/} used as a user would: an executable jar built with the
 * {@code MANIFEST.MF} fragment, and a resolver jar directory with the services file and the
 * README's {@code FixedResolver}, each run in a child JVM.
 */
class TemplatesIT {
  private static final String RESOLVED_NAME = "db.example.test";

  @TempDir Path dir;

  /** {@code app.jar} made with the manifest template, {@code app.Connect} as its main class, next to {@code connect-by-name.jar}. */
  private Path appJar() throws Exception {
    Path app = Files.createDirectories(dir.resolve("app"));
    Files.copy(ChildJvm.jar(), app.resolve("connect-by-name.jar"));
    Path jar = app.resolve("app.jar");
    JdkTools.jar("--create", "--file", jar.toString(), "--manifest", TemplatesTest.templates().resolve("MANIFEST.MF").toString(),
        "--main-class", "app.Connect", "-C", ChildJvm.programs().toString(), "app");
    return jar;
  }

  @Test
  @Timeout(60)
  void anExecutableJarWithTheManifestTemplateConnectsByNameWithNoFlag() throws Exception {
    Path jar = appJar();
    try (DeadFirstName site = DeadFirstName.open(dir, a -> Fixtures.echoServer(a.getAddress(), a.getPort()))) {
      List<String> args = new ArrayList<>(site.jvmOptions());
      args.addAll(List.of("-jar", jar.toString(), DeadFirstName.NAME, String.valueOf(site.port()), "5000"));
      ChildJvm.Result r = ChildJvm.run(args.toArray(String[]::new));
      ChildJvm.Reported connect = r.reported();
      System.out.println("java -jar app.jar (Launcher-Agent-Class): " + connect);
      assertEquals("connected", connect.outcome(), r.toString());
      assertTrue(connect.detail().contains("/127.0.0.1:" + site.port()), r.toString());
      assertTrue(connect.millis() < 1000, "by name, not the plain 5 s timeout: " + r);
    }
  }

  @Test
  @Timeout(60)
  void aBadSettingStopsTheExecutableJarWithOneLine() throws Exception {
    ChildJvm.Result r = ChildJvm.run("-Dconnectbyname.timeout=x", "-jar", appJar().toString(), "localhost", "1", "1000");
    assertNotEquals(0, r.exit(), r.toString());
    assertEquals("", r.out(), "main never ran: " + r);
    assertEquals(List.of("connect-by-name: Bad setting timeout=x (from system property connectbyname.timeout):"
        + " expected a whole number >= 0"), r.err().lines().toList(), r.toString());
  }

  @Test
  @Timeout(60)
  void theServicesTemplateAndTheReadmesResolverAreFoundByServiceLoader() throws Exception {
    Path resolver = Files.createDirectories(dir.resolve("resolver"));
    String services = "META-INF/services/io.connectbyname.spi.AddressResolver";
    Files.createDirectories(resolver.resolve(services).getParent());
    Files.copy(TemplatesTest.templates().resolve(services), resolver.resolve(services));
    Path source = dir.resolve("src/com/example/FixedResolver.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, readmeJava());
    JdkTools.javac(resolver, List.of(ChildJvm.jar()), List.of(source));

    try (DeadFirstName site = DeadFirstName.open(dir, a -> Fixtures.echoServer(a.getAddress(), a.getPort()))) {
      // The hosts file does not know the name: only the resolver does, ::1 first, then 127.0.0.1.
      List<String> args = new ArrayList<>(List.of("-javaagent:" + ChildJvm.jar()));
      args.addAll(site.jvmOptions());
      args.addAll(List.of("-cp", ChildJvm.programs() + java.io.File.pathSeparator + resolver,
          "app.Connect", RESOLVED_NAME, String.valueOf(site.port()), "5000"));
      ChildJvm.Result r = ChildJvm.run(args.toArray(String[]::new));
      ChildJvm.Reported connect = r.reported();
      System.out.println("com.example.FixedResolver through ServiceLoader: " + connect);
      assertEquals("connected", connect.outcome(), r.toString());
      assertTrue(connect.detail().contains(RESOLVED_NAME + "/127.0.0.1:" + site.port()), r.toString());
      assertTrue(connect.millis() >= 200, "::1 was tried first, for the attempt delay: " + r);
      assertTrue(connect.millis() < 1000, "then 127.0.0.1: " + r);
      assertFalse(r.err().contains("connect-by-name"), r.toString());
    }
  }

  /** The first {@code ```java} block of the templates' README: the example resolver. */
  private static String readmeJava() throws Exception {
    Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL)
        .matcher(Files.readString(TemplatesTest.templates().resolve("README.md")));
    assertTrue(m.find(), "README.md has no java example");
    String code = m.group(1);
    assertTrue(code.contains("class FixedResolver") && code.contains("\"" + RESOLVED_NAME + "\""), code);
    return code;
  }
}
