package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.ChildJvm;
import java.io.IOException;
import java.util.List;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * H2's TCP client, unchanged, against a real H2 TCP server: in a child JVM as it is, and with
 * {@code -javaagent:connect-by-name.jar} ({@code example.H2Example} run by {@link WarmChild}). The server binds 127.0.0.1 only
 * ({@code -Dh2.bindAddress}, see pom.xml), so ::1 on its port is free for the blackhole.
 */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class H2AgentIT {
  /** The client's connect timeout, the same for both runs (H2's default is 2000 ms). */
  static final String CONNECT_TIMEOUT = "-Dh2.socketConnectTimeout=" + StockVsByName.CONNECT_TIMEOUT_MS;

  private static Server server;
  private static DeadFirstHost host;

  @BeforeAll
  static void start() throws IOException {
    ChildJvm.jar();
    int port = DeadFirstHost.freePort();
    server = ServerStart.of("H2 TCP server (com.h2database:h2) on 127.0.0.1:" + port, () -> {
      assertEquals("127.0.0.1", System.getProperty("h2.bindAddress"), "run with -Dh2.bindAddress=127.0.0.1");
      return Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
    });
    host = DeadFirstHost.onPort(port);
  }

  @AfterAll
  static void stop() throws IOException {
    if (host != null) {
      host.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void throughTheAgentItConnectsAtOnceWhereStockWaitsOnTheDeadFirstAddressAndFails() throws Exception {
    ChildJvm.Run stock = run(false);
    ChildJvm.Run byName = run(true);
    StockVsByName.report("h2-agent", Timed.of(stock), Timed.of(byName), "stock connects to the first address only");
    StockVsByName.assertFast(Timed.of(byName));
    assertEquals(0, byName.exitCode(), byName.output());
    assertTrue(byName.output().contains("SELECT 6 * 7 -> 42"), byName.output());
    StockVsByName.assertWaited(Timed.of(stock));
    assertFalse(stock.connected(), "stock H2 tries the first address only: " + stock.output());
  }

  private static ChildJvm.Run run(boolean agent) throws IOException, InterruptedException {
    return ChildJvm.runClient(agent, List.of(CONNECT_TIMEOUT), List.of(WarmChild.class, org.h2.Driver.class),
        WarmChild.class.getName(), "h2", url("127.0.0.1"), url(DeadFirstHost.NAME));
  }

  private static String url(String hostName) {
    return "jdbc:h2:tcp://" + hostName + ":" + server.getPort() + "/mem:clients";
  }
}
