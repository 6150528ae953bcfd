package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.spi.AddressResolver;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files in {@code META-INF-templates/} that need no child JVM: the properties file, used as a
 * user would (copied to the root of a class path), and the shape of the others. {@code TemplatesIT}
 * runs the manifest and the services file.
 */
@Timeout(10)
class TemplatesTest {
  @TempDir Path dir;

  /** The templates directory: set by the build, else relative to the project. */
  static Path templates() {
    return Path.of(System.getProperty("connect-by-name.templates", "META-INF-templates"));
  }

  @Test
  void thePropertiesTemplateOnTheClassPathGivesExactlyTheDefaults() throws IOException {
    Files.copy(templates().resolve("connect-by-name.properties"), dir.resolve(Configuration.RESOURCE));
    Settings s;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      assertTrue(loader.getResource(Configuration.RESOURCE) != null);
      s = Configuration.load(loader, Map.of(), new Properties(), null);
    }
    assertEquals(Settings.defaults().toString(), s.toString());
    Settings d = Settings.defaults();
    assertEquals(d.timeout(), s.timeout());
    assertEquals(d.attemptDelay(), s.attemptDelay());
    assertEquals(d.strategy(), s.strategy());
    assertEquals(d.family(), s.family());
    assertEquals(d.maxInFlight(), s.maxInFlight());
    assertEquals(d.servicesFile(), s.servicesFile());
    assertEquals(d.services(), s.services());
    assertEquals(d.log(), s.log());
    assertSame(AddressResolver.system(), s.resolver());
  }

  @Test
  void thePropertiesTemplateListsEveryKnownKeyWithAComment() throws IOException {
    List<String> lines = Files.readAllLines(templates().resolve("connect-by-name.properties"));
    for (String key : SettingsText.KEYS.split(",\\s*")) {
      Pattern setting = Pattern.compile("#?" + Pattern.quote(key) + "=.*");
      int at = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (setting.matcher(lines.get(i)).matches()) {
          at = i;
        }
      }
      assertTrue(at > 0, "the template does not list " + key);
      assertTrue(lines.get(at - 1).startsWith("# "), key + " has no comment above it");
    }
  }

  @Test
  void theManifestTemplateNamesTheAgentAndTheLibrary() throws IOException {
    Path template = templates().resolve("MANIFEST.MF");
    String text = Files.readString(template);
    assertTrue(text.endsWith("\n"), "jar drops a last line without a newline");
    Manifest m;
    try (InputStream in = Files.newInputStream(template)) {
      m = new Manifest(in);
    }
    Attributes main = m.getMainAttributes();
    assertEquals(Agent.class.getName(), main.getValue("Launcher-Agent-Class"));
    assertEquals("connect-by-name.jar", main.getValue("Class-Path"));
    assertEquals(null, main.getValue("Premain-Class"), "a fragment for an application's own jar");
  }

  @Test
  void theServicesTemplateNamesOneClassAfterItsComments() throws IOException {
    List<String> lines = Files.readAllLines(
        templates().resolve("META-INF/services/" + AddressResolver.class.getName()));
    List<String> names = lines.stream().map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
    assertEquals(List.of("com.example.FixedResolver"), names);
  }

  @Test
  void theReadmeSaysWhichTemplateToUseWhen() throws IOException {
    String readme = Files.readString(templates().resolve("README.md"));
    for (String file : List.of("MANIFEST.MF", "connect-by-name.properties",
        "META-INF/services/io.connectbyname.spi.AddressResolver")) {
      assertTrue(readme.contains("`" + file + "`"), "README.md does not mention " + file);
    }
  }
}
