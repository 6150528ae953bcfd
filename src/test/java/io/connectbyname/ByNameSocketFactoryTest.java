package io.connectbyname;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The factory as drivers use it: loaded by name, configured by text or properties, many threads. */
@Timeout(60)
class ByNameSocketFactoryTest {
  private static final String CLASS = "io.connectbyname.ByNameSocketFactory";

  @Test
  void pgjdbcStyleLoadingByNameWithItsWholeConnectionProperties() throws Exception {
    Properties props = new Properties();
    props.setProperty("user", "app");
    props.setProperty("password", "s3cret-do-not-keep");
    props.setProperty("connectbyname.attemptDelay", "100");
    props.setProperty("connectbyname.timeout", "3000");
    Object f = Class.forName(CLASS).getConstructor(Properties.class).newInstance(props);
    Settings s = ((ByNameSocketFactory) f).settings();
    assertEquals(Duration.ofMillis(100), s.attemptDelay());
    assertEquals(Optional.of(Duration.ofSeconds(3)), s.timeout());
    assertFalse(s.toString().contains("s3cret"), "other properties are neither read nor kept");
  }

  /** The one extension the factory is open to: fixed settings, for a driver that takes a class name. */
  public static final class FixedSettings extends ByNameSocketFactory {
    public FixedSettings() {
      super(Settings.defaults().withAttemptDelay(Duration.ofMillis(40)));
    }
  }

  @Test
  void aSubclassFixesItsSettingsAndIsLoadedByName() throws Exception {
    Object f = Class.forName(FixedSettings.class.getName()).getConstructor().newInstance();
    assertEquals(Duration.ofMillis(40), ((ByNameSocketFactory) f).settings().attemptDelay());
    for (java.lang.reflect.Method m : ByNameSocketFactory.class.getDeclaredMethods()) {
      int mod = m.getModifiers();
      if (java.lang.reflect.Modifier.isPublic(mod) && !java.lang.reflect.Modifier.isStatic(mod)) {
        assertTrue(java.lang.reflect.Modifier.isFinal(mod), m + " is final");
      }
    }
  }

  @Test
  void stringArgumentAsPgjdbcAndMssqlPassIt() throws Exception {
    Object none = Class.forName(CLASS).getConstructor(String.class).newInstance((String) null);
    assertEquals(Settings.defaults().attemptDelay(), ((ByNameSocketFactory) none).settings().attemptDelay());
    ByNameSocketFactory f = new ByNameSocketFactory("attemptDelay=50; family=ipv4 ;strategy=sequential");
    assertEquals(Duration.ofMillis(50), f.settings().attemptDelay());
    assertEquals(Settings.Family.IPV4, f.settings().family());
    assertEquals(Settings.Strategy.SEQUENTIAL, f.settings().strategy());
    assertEquals(0, new ByNameSocketFactory("history=off").settings().historySize());
    ByNameSocketFactory bounded = new ByNameSocketFactory("history=10/1000");
    assertEquals(10, bounded.settings().historySize());
    assertEquals(Duration.ofSeconds(1), bounded.settings().historyTtl());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> new ByNameSocketFactory("history=sometimes"));
    assertTrue(bad.getMessage().contains("history=sometimes"), bad.getMessage());
    Object noArg = Class.forName(CLASS).getConstructor().newInstance();
    assertTrue(noArg instanceof SocketFactory);
    assertSame(ByNameSocketFactory.getDefault(), ByNameSocketFactory.getDefault());
  }

  @Test
  void badTextNamesTheKeyAndTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ByNameSocketFactory("attemptDelay=soon"));
    assertTrue(e.getMessage().contains("attemptDelay") && e.getMessage().contains("soon"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ByNameSocketFactory("colour=blue"));
    assertTrue(e.getMessage().contains("colour"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ByNameSocketFactory("timeout"));
    assertTrue(e.getMessage().contains("timeout"), e.getMessage());
    Properties p = new Properties();
    p.setProperty("connectbyname.family", "ipv5");
    InvocationTargetException x = assertThrows(InvocationTargetException.class,
        () -> Class.forName(CLASS).getConstructor(Properties.class).newInstance(p));
    assertTrue(x.getCause().getMessage().contains("ipv5"), x.getCause().getMessage());
  }

  @Test
  void thePropertiesConstructorReadsSocketFactoryArgAndConnectbynameKeysWinOverIt() {
    Properties props = new Properties();
    props.setProperty("socketFactoryArg", "attemptDelay=100;family=ipv4");
    ByNameSocketFactory f = new ByNameSocketFactory(props);
    assertEquals(Duration.ofMillis(100), f.settings().attemptDelay());
    assertEquals(Settings.Family.IPV4, f.settings().family());

    props.setProperty("connectbyname.attemptDelay", "50");
    f = new ByNameSocketFactory(props);
    assertEquals(Duration.ofMillis(50), f.settings().attemptDelay(), "the key named by itself wins");
    assertEquals(Settings.Family.IPV4, f.settings().family(), "the rest of socketFactoryArg stays");

    Properties defaults = new Properties();
    defaults.setProperty("socketFactoryArg", "strategy=sequential");
    assertEquals(Settings.Strategy.SEQUENTIAL, new ByNameSocketFactory(new Properties(defaults)).settings().strategy(),
        "a Properties' defaults are read as getProperty reads them");
  }

  @Test
  void aBadConnectionPropertyIsOneLineNamingKeyValueAndProperty() {
    assertEquals("Bad setting attemptDelay=bogus (from connection property socketFactoryArg): expected a whole number >= 0",
        badProperty("socketFactoryArg", "family=ipv4;attemptDelay=bogus"));
    assertEquals("Bad setting 'ipv4' (from connection property socketFactoryArg): expected key=value",
        badProperty("socketFactoryArg", "attemptDelay=100;ipv4"));
    assertEquals("Bad setting family=ipv5 (from connection property connectbyname.family): expected any | ipv4 | ipv6",
        badProperty("connectbyname.family", "ipv5"));
  }

  private static String badProperty(String key, String value) {
    Properties p = new Properties();
    p.setProperty(key, value);
    return assertThrows(IllegalArgumentException.class, () -> new ByNameSocketFactory(p)).getMessage();
  }

  @Test
  void getDefaultWithABadConfigurationThrowsTheSameLineEveryTimeAndWorksOnceItIsFixed() {
    String line = "Bad setting attemptDelay=bogus (from system property connectbyname.attemptDelay):"
        + " expected a whole number >= 0";
    try (TemporarySettings s = TemporarySettings.of("attemptDelay", "bogus")) {
      for (int i = 0; i < 3; i++) { // a holder class would give ExceptionInInitializerError, then NoClassDefFoundError
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ByNameSocketFactory::getDefault);
        assertEquals(line, e.getMessage());
      }
      s.set("attemptDelay", "100");
      SocketFactory fixed = ByNameSocketFactory.getDefault();
      assertEquals(Duration.ofMillis(100), ((ByNameSocketFactory) fixed).settings().attemptDelay());
      assertSame(fixed, ByNameSocketFactory.getDefault());
    }
    assertEquals(Settings.DEFAULT_ATTEMPT_DELAY, ((ByNameSocketFactory) ByNameSocketFactory.getDefault()).settings()
        .attemptDelay(), "the configuration as it was before the test");
  }

  @Test
  void everyCreateSocketVariantConnectsByName() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.echo(V4))) {
      ByNameSocketFactory f = new ByNameSocketFactory(Settings.defaults()
          .withResolver(Fixtures.resolver(Map.of("he.test", site.addresses()))));
      List<Callable<Socket>> variants = List.of(
          () -> f.createSocket("he.test", site.port()),
          () -> f.createSocket("he.test", site.port(), V4, 0),
          () -> f.createSocket(java.net.InetAddress.getByAddress("he.test", V6.getAddress()), site.port()),
          () -> f.createSocket(java.net.InetAddress.getByAddress("he.test", V6.getAddress()), site.port(), V4, 0),
          () -> {
            Socket s = f.createSocket();
            s.connect(InetSocketAddress.createUnresolved("he.test", site.port()), 5000);
            return s;
          });
      for (Callable<Socket> v : variants) {
        long start = System.nanoTime();
        try (Socket s = v.call()) {
          long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          assertEquals(V4, s.getInetAddress());
          assertTrue(millis < 1000, "connected in " + millis + " ms past a dead first address");
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
    }
  }

  @Test
  void twoHundredConcurrentConnectsFromManyThreads() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.echo(V6), Fixtures.echo(V4))) {
      ByNameSocketFactory f = new ByNameSocketFactory(Settings.defaults()
          .withResolver(Fixtures.resolver(Map.of("he.test", site.addresses()))));
      List<Future<Integer>> done = new ArrayList<>();
      int before;
      try (Closer pool = new Closer(threads())) {
        // Warm up: the first virtual threads open the JDK's own pollers, which stay open.
        for (int i = 0; i < 20; i++) {
          done.add(pool.executor.submit(() -> {
            try (Socket s = f.createSocket("he.test", site.port())) {
              s.getOutputStream().write(1);
              return s.getInputStream().read();
            }
          }));
        }
        for (Future<Integer> d : done) {
          assertEquals(1, d.get(30, TimeUnit.SECONDS));
        }
        done.clear();
        awaitServerSide();
        before = Fixtures.openFileDescriptors();
        for (int i = 0; i < 200; i++) {
          int n = i;
          done.add(pool.executor.submit(() -> {
            try (Socket s = f.createSocket("he.test", site.port())) {
              s.getOutputStream().write(n & 0x7f);
              return s.getInputStream().read();
            }
          }));
        }
        for (int i = 0; i < done.size(); i++) {
          assertEquals(i & 0x7f, done.get(i).get(30, TimeUnit.SECONDS));
        }
      }
      awaitServerSide();
      int after = Fixtures.openFileDescriptors();
      assertTrue(after <= before, "descriptors are back to where they were: " + before + " before, " + after + " after");
    }
  }

  /** Waits until the descriptor count is steady: the echo servers close their side on their own threads. */
  private static void awaitServerSide() throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    int last = -1;
    while (System.nanoTime() < end) {
      int now = Fixtures.openFileDescriptors();
      if (now == last) {
        return;
      }
      last = now;
      Thread.sleep(50);
    }
  }

  /** Virtual threads where the JDK has them (21+), else a pool of 50 platform threads. */
  private static ExecutorService threads() {
    try {
      return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      return Executors.newFixedThreadPool(50);
    }
  }

  private record Closer(ExecutorService executor) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      executor.shutdown();
      assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
    }
  }
}
