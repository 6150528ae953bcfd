package io.connectbyname;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every JDBC URL in META-INF-templates/jdbc-urls.md names a factory that exists, with settings that
 * parse. The MySQL adapter is the artifact connect-by-name-mysql: its source must be there, and its
 * own test ({@code MysqlIT}) loads it through the driver.
 */
class JdbcUrlsTemplateTest {
  private static final Path FILE = Path.of("META-INF-templates", "jdbc-urls.md");
  private static final String MYSQL_ADAPTER = "io.connectbyname.mysql.";
  private static final Pattern FACTORY = Pattern.compile("socketFactory(?:Class)?=([\\w.]+)");
  private static final Pattern ARG = Pattern.compile("(?:socketFactoryArg=([^&]*)|socketFactoryConstructorArg=\\{([^}]*)\\})");

  @Test
  void everyUrlNamesAFactoryThatExistsWithSettingsThatParse() throws IOException {
    List<String> urls = Files.readAllLines(FILE).stream().filter(l -> l.startsWith("jdbc:")).toList();
    assertTrue(urls.size() >= 5, "the template lists the drivers' URLs: " + urls);
    for (String url : urls) {
      Matcher factory = FACTORY.matcher(url);
      assertTrue(factory.find(), "names a factory: " + url);
      String name = factory.group(1);
      if (name.startsWith(MYSQL_ADAPTER)) {
        Path source = Path.of("mysql", "src", "main", "java", name.replace('.', '/') + ".java");
        assertTrue(Files.isRegularFile(source), "the MySQL adapter " + name + " is in mysql/: " + source);
        continue;
      }
      Class<?> type = assertDoesNotThrowLoading(name);
      assertTrue(javax.net.SocketFactory.class.isAssignableFrom(type), type + " in " + url);
      Matcher arg = ARG.matcher(url);
      if (arg.find()) {
        String text = URLDecoder.decode(arg.group(1) != null ? arg.group(1) : arg.group(2), StandardCharsets.UTF_8);
        assertFalse(text.isBlank(), url);
        assertNotNull(new ByNameSocketFactory(text).settings(), "settings parse: " + text);
      }
    }
  }

  private static Class<?> assertDoesNotThrowLoading(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no class " + name + " (named in " + FILE + ")", e);
    }
  }
}
