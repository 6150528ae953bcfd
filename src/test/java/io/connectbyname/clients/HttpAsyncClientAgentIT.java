package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Apache HttpClient 5 async ({@code HttpAsyncClients}, httpcore5's NIO reactor), unchanged, in a
 * child JVM as it is and under {@code -javaagent:connect-by-name.jar=nio=on}.
 */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class HttpAsyncClientAgentIT {
  @RegisterExtension
  static final DeadFirstHttpServer server = new DeadFirstHttpServer();

  @BeforeAll
  static void checkJar() {
    ChildJvm.jar();
  }

  @Test
  void throughTheAgentItConnectsAtOnceWhereStockWaitsOutTheDeadFirstAddress() throws Exception {
    String live = server.url("127.0.0.1");
    String target = server.url(DeadFirstHost.NAME);
    ChildJvm.Run stock = NioChild.client(NioChild.Mode.STOCK, List.of(), "http-async", live, target);
    ChildJvm.Run byName = NioChild.client(NioChild.Mode.AGENT_NIO, List.of(), "http-async", live, target);
    StockVsByName.report("httpclient5-async-agent", Timed.of(stock), Timed.of(byName),
        "stock tries the addresses one after another, each with the whole connect timeout");
    StockVsByName.assertFast(Timed.of(byName));
    assertTrue(byName.output().contains("200 hello from 127.0.0.1"), byName.output());
    StockVsByName.assertWaited(Timed.of(stock));
    assertTrue(stock.connected(), "stock HttpAsyncClient moves on to the next address: " + stock.output());
  }
}
