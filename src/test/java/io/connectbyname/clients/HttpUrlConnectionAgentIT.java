package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.ChildJvm;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JDK's {@code HttpURLConnection}, unchanged, against a real HTTP server: in a child JVM as it
 * is, and with {@code -javaagent:connect-by-name.jar} ({@code example.HttpUrlConnectionExample} run by
 * {@link WarmChild}).
 */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class HttpUrlConnectionAgentIT {
  @RegisterExtension
  static final DeadFirstHttpServer server = new DeadFirstHttpServer();

  @BeforeAll
  static void checkJar() {
    ChildJvm.jar();
  }

  @Test
  void throughTheAgentItConnectsAtOnceWhereStockWaitsOnTheDeadFirstAddressAndFails() throws Exception {
    ChildJvm.Run stock = run(false);
    ChildJvm.Run byName = run(true);
    StockVsByName.report("HttpURLConnection-agent", Timed.of(stock), Timed.of(byName),
        "stock connects to the first address only");
    StockVsByName.assertFast(Timed.of(byName));
    assertEquals(0, byName.exitCode(), byName.output());
    assertTrue(byName.output().contains("200 hello from 127.0.0.1"), byName.output());
    StockVsByName.assertWaited(Timed.of(stock));
    assertFalse(stock.connected(), "stock HttpURLConnection tries the first address only: " + stock.output());
  }

  private static ChildJvm.Run run(boolean agent) throws IOException, InterruptedException {
    return ChildJvm.runClient(agent, List.of(), List.of(WarmChild.class), WarmChild.class.getName(),
        "http", server.url("127.0.0.1"), server.url(DeadFirstHost.NAME));
  }
}
