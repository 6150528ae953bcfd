package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.ByNameSelectorProvider;
import io.connectbyname.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real NIO servers in a JVM whose selector provider is connect-by-name's
 * ({@code -javaagent:connect-by-name.jar=nio=on}), each under {@link ServerTraffic} from the same
 * JVM ({@value ServerTraffic#THREADS} threads x {@value ServerTraffic#REQUESTS} requests, kept-alive
 * and new connections): every request served, none hung. The same traffic stock first, as a baseline.
 * Their channels are the JDK's (server sockets and what they accept), on the provider's selectors.
 */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class NioServersAgentIT {
  @BeforeAll
  static void checkJar() {
    ChildJvm.jar();
  }

  /**
   * The JDK's {@code com.sun.net.httpserver.HttpServer} cancels a connection's key and makes its
   * channel blocking at once, for every exchange, then registers it again; Netty's server registers
   * once per connection.
   */
  @ParameterizedTest
  @ValueSource(strings = {"jdk-httpserver", "netty"}) // and jetty, below
  void servesEveryRequest(String server) throws Exception {
    check(server);
  }

  /**
   * Jetty 12.1's {@code ManagedSelector} registers an accepted channel with the selector, then
   * attaches its end point to that key only if {@code key.selector()} is its selector, else to
   * {@code channel.keyFor(selector)} (ManagedSelector.createEndPoint, jetty-io 12.1.14 lines 392-400):
   * a JDK channel's key must name the by-name selector it was registered with (JdkChannelKey), or
   * no request is served.
   */
  @Test
  void jetty() throws Exception {
    check("jetty");
  }

  private static void check(String server) throws Exception {
    ChildJvm.Run stock = NioChild.run(NioChild.Mode.STOCK, List.of(), NioServersChild.class, server);
    ChildJvm.Run byName = NioChild.run(NioChild.Mode.AGENT_NIO, List.of(), NioServersChild.class, server);
    System.out.println("SERVER server=" + server + " stock_ms=" + stock.millis() + " byname_ms=" + byName.millis()
        + " # " + line(byName.output()));
    assertTrue(stock.connected(), "stock: " + stock.output());
    assertTrue(byName.output().contains("provider " + ByNameSelectorProvider.class.getName()), byName.output());
    assertEquals(0, byName.exitCode(), byName.output());
    int requests = ServerTraffic.THREADS * ServerTraffic.REQUESTS;
    assertTrue(byName.output().contains(server + " served " + requests + ", clients got " + requests + "/" + requests
        + " answers, 0 errors, 0 hung"), byName.output());
  }

  private static String line(String output) {
    return output.lines().filter(l -> l.contains(" ms; ")).findFirst().orElse(output.strip());
  }
}
