package io.connectbyname;

import static io.connectbyname.Fixtures.V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What docs/SECURITY.md claims: the connection properties a driver hands the
 * factory (passwords included) are neither kept nor shown, and a destination is never turned into
 * another except by the caller's own configuration.
 */
@Timeout(30)
class SecurityTest {
  private static final String PASSWORD = "pw-9f2c-never-show-me";
  private static final String NAME = "db.test";

  /** The whole Properties pgjdbc passes: user, password, its own keys, and ours. */
  private static Properties driverProperties(String... ours) {
    Properties p = new Properties();
    p.setProperty("user", "app");
    p.setProperty("password", PASSWORD);
    p.setProperty("sslpassword", PASSWORD);
    p.setProperty("PGPASSWORD", PASSWORD);
    p.setProperty("socketFactory", ByNameSocketFactory.class.getName());
    p.setProperty("connectTimeout", "10");
    for (int i = 0; i < ours.length; i += 2) {
      p.setProperty(ours[i], ours[i + 1]);
    }
    return p;
  }

  @Test
  void theFactoryKeepsNothingButItsOwnKeys() throws Exception {
    SocketFactory f = (SocketFactory) Class.forName(ByNameSocketFactory.class.getName())
        .getConstructor(Properties.class)
        .newInstance(driverProperties("connectbyname.timeout", "3000", "socketFactoryArg", "attemptDelay=100;family=ipv4"));
    assertEquals(Optional.of(Duration.ofSeconds(3)), ((ByNameSocketFactory) f).settings().timeout());
    assertEquals(Settings.Family.IPV4, ((ByNameSocketFactory) f).settings().family(), "socketFactoryArg was read");
    assertNothingHolds(f, PASSWORD);
    assertFalse(f.toString().contains(PASSWORD));
    assertFalse(((ByNameSocketFactory) f).settings().toString().contains(PASSWORD));
  }

  @Test
  void theFactoryAsksForTheValueOfNoOtherProperty() {
    List<String> asked = new ArrayList<>();
    Properties recording = new Properties() {
      private static final long serialVersionUID = 1L;

      @Override
      public String getProperty(String key) {
        asked.add(key);
        return super.getProperty(key);
      }

      @Override
      public synchronized Object get(Object key) {
        asked.add(String.valueOf(key));
        return super.get(key);
      }
    };
    recording.putAll(driverProperties("connectbyname.timeout", "3000", "socketFactoryArg", "attemptDelay=100"));
    ByNameSocketFactory f = new ByNameSocketFactory(recording);
    assertEquals(Duration.ofMillis(100), f.settings().attemptDelay());
    assertFalse(asked.isEmpty());
    for (String key : asked) {
      assertTrue(key.equals("socketFactoryArg") || key.startsWith("connectbyname."), "asked for " + key + ": " + asked);
    }
  }

  @Test
  void aBadSettingNeverShowsAPassword() throws Exception {
    List<Throwable> thrown = new ArrayList<>();
    for (Properties p : List.of(
        driverProperties("connectbyname.family", "ipv5"),
        driverProperties("connectbyname.password", PASSWORD), // a secret filed under our prefix by mistake
        driverProperties("socketFactoryArg", "timeout=5000;password=" + PASSWORD))) { // or in our argument
      InvocationTargetException e = assertThrows(InvocationTargetException.class,
          () -> ByNameSocketFactory.class.getConstructor(Properties.class).newInstance(p));
      thrown.add(e.getCause());
    }
    thrown.add(assertThrows(IllegalArgumentException.class,
        () -> new ByNameSocketFactory("timeout=5000;password=" + PASSWORD)));
    thrown.add(assertThrows(IllegalArgumentException.class,
        () -> Settings.defaults().with(Map.of("passwd", PASSWORD), "connection properties")));
    for (Throwable t : thrown) {
      assertTrue(t instanceof IllegalArgumentException, String.valueOf(t));
      assertNeverShows(t, PASSWORD);
    }
    assertTrue(thrown.get(1).getMessage().contains("password"), "the unknown key is named: " + thrown.get(1));
    assertTrue(thrown.get(2).getMessage().contains("password (from connection property socketFactoryArg)"),
        "the unknown key is named, with the property it came from: " + thrown.get(2));
  }

  @Test
  void failedConnectsAndConnectedSocketsNeverShowAPassword() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.refused(V4), Fixtures.blackhole(Fixtures.v4(2)));
        Fixtures.Site live = Fixtures.site(Fixtures.live(V4))) {
      ByNameSocketFactory configured = new ByNameSocketFactory(driverProperties("connectbyname.timeout", "300"));
      ByNameSocketFactory f = new ByNameSocketFactory(configured.settings().withResolver(Fixtures.resolver(Map.of(
          NAME, site.addresses(), "live.test", live.addresses()))));
      List<Throwable> thrown = new ArrayList<>();
      for (String host : List.of(NAME, "nowhere.test", "bad host")) {
        thrown.add(assertThrows(IOException.class, () -> f.createSocket(host, site.port())));
      }
      for (Throwable t : thrown) {
        assertNeverShows(t, PASSWORD);
      }
      try (Socket s = f.createSocket("live.test", live.port())) {
        assertFalse(s.toString().contains(PASSWORD), s.toString());
      }
    }
  }

  // --- destinations ---

  @Test
  void aNamedAddressIsNeverSentToAnAddressItsNameDoesNotOwn() throws Exception {
    try (Fixtures.Site wanted = Fixtures.site(Fixtures.live(V4));
        Fixtures.Site elsewhere = Fixtures.site(Fixtures.live(Fixtures.v4(2)))) {
      // The name came from a reverse lookup (or a forged PTR record): its own addresses are elsewhere.
      Fixtures.Resolver resolver = Fixtures.resolver(Map.of(NAME, List.of(Fixtures.v4(2))));
      ByNameSocketFactory f = new ByNameSocketFactory(Settings.defaults().withResolver(resolver));
      InetAddress named = InetAddress.getByAddress(NAME, V4.getAddress());
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(named, wanted.port()));
        // the plain JDK connects to the given address; so does the factory
      }
      try (Socket s = f.createSocket(named, wanted.port())) {
        assertEquals(V4, s.getInetAddress());
      }
      assertEquals(List.of(NAME), resolver.lookups(), "the name was asked for, and its answer not used");
      Thread.sleep(100);
      assertEquals(0, ((Fixtures.Server) elsewhere.listener(0)).finished(), "nothing went elsewhere");
    }
  }

  @Test
  void aLiteralIsNeverResolved() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.live(V4))) {
      Fixtures.Resolver resolver = Fixtures.resolver(Map.of());
      Settings s = Settings.defaults().withResolver(resolver);
      ConnectByName.with(s).connect("127.0.0.1", site.port(), Duration.ofSeconds(5)).close();
      new ByNameSocketFactory(s).createSocket(V4, site.port()).close();
      new ByNameSocketFactory(s).createSocket("127.0.0.1", site.port()).close();
      ConnectByName.with(s).connectByList(List.of(new InetSocketAddress(V4, site.port())), Duration.ofSeconds(5)).close();
      assertEquals(List.of(), resolver.lookups());
    }
  }

  // --- helpers ---

  private static void assertNeverShows(Throwable t, String secret) {
    Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> todo = new ArrayList<>(List.of(t));
    while (!todo.isEmpty()) {
      Throwable e = todo.remove(todo.size() - 1);
      if (e == null || !seen.add(e)) {
        continue;
      }
      assertFalse(String.valueOf(e.getMessage()).contains(secret), "shown by " + e);
      assertFalse(e.toString().contains(secret), "shown by " + e);
      todo.add(e.getCause());
      todo.addAll(List.of(e.getSuppressed()));
    }
  }

  /**
   * Walks the objects reachable from {@code root} through the fields of this library's classes
   * (and the collections they hold) and fails if one is {@code secret} or a {@link Properties}.
   */
  private static void assertNothingHolds(Object root, String secret) throws IllegalAccessException {
    Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    List<Object> todo = new ArrayList<>(List.of(root));
    while (!todo.isEmpty()) {
      Object o = todo.remove(todo.size() - 1);
      if (o == null || !seen.add(o)) {
        continue;
      }
      assertFalse(o instanceof Properties, "a Properties is kept, reachable from " + root.getClass().getName());
      assertFalse(secret.equals(o), "the secret is kept, reachable from " + root.getClass().getName());
      if (o instanceof Map<?, ?> m) {
        todo.addAll(m.keySet());
        todo.addAll(m.values());
      } else if (o instanceof Collection<?> c) {
        todo.addAll(c);
      } else if (o.getClass().getName().startsWith("io.connectbyname.")) {
        for (Class<?> c = o.getClass(); c != null && c.getName().startsWith("io.connectbyname."); c = c.getSuperclass()) {
          for (Field field : c.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()) {
              field.setAccessible(true);
              todo.add(field.get(o));
            }
          }
        }
      }
    }
  }
}
