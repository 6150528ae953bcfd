package io.connectbyname.nio;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static io.connectbyname.nio.Nio.byName;
import static java.nio.channels.SelectionKey.OP_CONNECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.ByNameSelectorProvider;
import io.connectbyname.Fixtures;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DESIGN §4 and §9: no thread per connect, no descriptor left behind, over many connects. */
@Timeout(120)
class ChannelLeakTest {
  private static final int CYCLES = 200;

  /** The live threads but the fixtures' own (a server thread per echoed connection). */
  private static Set<String> threads() {
    Set<String> names = new TreeSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && !t.getName().startsWith("fixture-")) {
        names.add(t.getName() + "#" + t.getId());
      }
    }
    return names;
  }

  @Test
  void manyConnectsByNameLeaveNoDescriptorAndNoThread() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.refused(V6), Fixtures.echo(V4))) {
      ByNameSelectorProvider provider = Nio.provider(site);
      Fixtures.Server server = (Fixtures.Server) site.listener(1);
      try (SocketChannel warm = provider.openSocketChannel()) {
        warm.connect(byName(site.port()));
        Nio.assertEchoes(warm, "warm"); // classes loaded, the JDK's own threads started
      }
      assertTrue(server.awaitFinished(1, Duration.ofSeconds(5)));
      Set<String> threadsBefore = threads();
      Map<Integer, String> before = Fixtures.fileDescriptors();

      for (int i = 0; i < CYCLES; i++) {
        try (SocketChannel ch = provider.openSocketChannel()) {
          assertTrue(ch.connect(byName(site.port())));
          assertEquals(V4, ((InetSocketAddress) ch.getRemoteAddress()).getAddress(), "past the refused ::1");
        }
      }
      try (Selector selector = provider.openSelector()) {
        for (int i = 0; i < CYCLES; i++) {
          SocketChannel ch = provider.openSocketChannel();
          ch.configureBlocking(false);
          SelectionKey key = ch.register(selector, OP_CONNECT);
          if (!ch.connect(byName(site.port()))) {
            while (selector.select(1000) == 0) {
              // until decided
            }
            selector.selectedKeys().clear();
            assertTrue(ch.finishConnect());
          }
          assertTrue(key.isValid());
          ch.close();
          assertFalse(key.isValid());
        }
        selector.selectNow(); // deregisters the last: the JDK closes a registered channel's descriptor then
      }
      assertTrue(server.awaitFinished(1 + 2 * CYCLES, Duration.ofSeconds(20)), "the server saw every connection end");
      Fixtures.assertNoDescriptorLeak(before, "after " + 2 * CYCLES + " connects by name, blocking and not");
      assertEquals(threadsBefore, threads(), "no thread was left behind");
    }
  }

  @Test
  void aRaceRunsOnTheCallersThreadAlone() throws Exception {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.blackhole(V4))) {
      ByNameSelectorProvider provider = Nio.provider(site);
      try (Selector selector = provider.openSelector(); SocketChannel ch = provider.openSocketChannel()) {
        selector.selectNow();
        Set<String> before = threads();
        ch.configureBlocking(false);
        assertFalse(ch.connect(byName(site.port())));
        ch.register(selector, OP_CONNECT);
        assertEquals(0, selector.select(400), "both attempts in flight, none decided");
        assertEquals(before, threads(), "no thread was started for the race");
      }
    }
  }
}
