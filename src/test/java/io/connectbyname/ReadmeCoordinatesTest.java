package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Maven coordinates the README gives are the build's: its group, artifact and coming release;
 * and its first command runs the jar this build makes.
 */
class ReadmeCoordinatesTest {
  private static final Pattern DEPENDENCY = Pattern.compile(
      "<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");

  @Test
  void theReadmesDependencyIsThisBuildsArtifactAtItsReleaseVersion() throws IOException {
    Matcher readme = DEPENDENCY.matcher(Files.readString(Documented.README));
    assertTrue(readme.find(), "README.md gives a <dependency>");
    String pom = Files.readString(Path.of("core.pom.xml"));
    Matcher parent = Pattern.compile("<parent>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>[^<]+</artifactId>"
        + "\\s*<version>([^<]+)</version>").matcher(pom);
    assertTrue(parent.find(), "core.pom.xml names its parent");
    Matcher artifact = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>").matcher(pom);
    assertTrue(artifact.find(), "core.pom.xml names its artifact");
    assertEquals(parent.group(1), readme.group(1), "groupId");
    assertEquals(artifact.group(1), readme.group(2), "artifactId");
    assertEquals(parent.group(2).replace("-SNAPSHOT", ""), readme.group(3), "the version the build will release");
    Documented.line(Documented.README, "java -jar target/" + artifact.group(1) + "-" + parent.group(2) + ".jar --demo");
  }
}
