package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.NettyExample;
import io.connectbyname.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Netty 4.2's {@code Bootstrap} on the NIO transport, HTTP/1.1 to a real server: stock; with the
 * JVM's provider under {@code -javaagent:connect-by-name.jar=nio=on}; and handed a
 * {@code ByNameSelectorProvider} of its own ({@link NettyExample}), with no JVM flag.
 */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class NettyIT {
  @RegisterExtension
  static final DeadFirstHttpServer server = new DeadFirstHttpServer();
  private static ChildJvm.Run stock;

  @BeforeAll
  static void stock() throws Exception {
    ChildJvm.jar();
    // The library on the class path (NettyExample refers to it), the JVM's provider: stock Netty.
    stock = run(NioChild.Mode.PER_CLIENT, "netty");
  }

  @AfterAll
  static void stockWaited() {
    StockVsByName.assertWaited(Timed.of(stock));
    assertFalse(stock.connected(), "stock Netty connects to the first address only: " + stock.output());
  }

  @Test
  void underTheAgent() throws Exception {
    check("netty-agent", run(NioChild.Mode.AGENT_NIO, "netty"));
  }

  @Test
  void perClientProvider() throws Exception {
    check("netty-per-client", run(NioChild.Mode.PER_CLIENT, "netty-per-client"));
  }

  private static void check(String name, ChildJvm.Run byName) {
    StockVsByName.report(name, Timed.of(stock), Timed.of(byName), "stock connects to the first address only");
    StockVsByName.assertFast(Timed.of(byName));
    assertTrue(byName.output().contains("200 hello from 127.0.0.1"), byName.output());
  }

  private static ChildJvm.Run run(NioChild.Mode mode, String client) throws Exception {
    return NioChild.client(mode, List.of(), client, server.url("127.0.0.1"), server.url(DeadFirstHost.NAME));
  }
}
