package io.connectbyname.clients;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kafka's clients (an {@code Admin}, {@code client.dns.lookup=use_all_dns_ips}) in a child JVM as
 * they are and under {@code -javaagent:connect-by-name.jar=nio=on}, up to the broker's accept: a fake
 * broker of the child's on 127.0.0.1 accepts and reads the first request, ApiVersions (a real KRaft
 * broker is far heavier than what it would show).
 *
 * <p>Stock Kafka never reaches it: {@code ClientUtils.filterPreferredAddresses} keeps only the
 * family of the first address the JVM returns (IPv6, ::1), so "all DNS IPs" is ::1 alone, retried
 * after every connection setup timeout.
 */
@Tag("clients") // run by failsafe in a JVM of their own, see pom.xml
@Timeout(180)
class KafkaAgentIT {
  private static int port;
  private static DeadFirstHost host;

  @BeforeAll
  static void blackhole() throws Exception {
    ChildJvm.jar();
    port = DeadFirstHost.freePort(); // the child's fake broker binds 127.0.0.1 on it
    host = DeadFirstHost.onPort(port);
  }

  @AfterAll
  static void close() throws Exception {
    if (host != null) {
      host.close();
    }
  }

  @Test
  void throughTheAgentItReachesTheBrokerWhereStockRetriesTheDeadAddressOnly() throws Exception {
    String live = "127.0.0.1:" + port;
    String target = DeadFirstHost.NAME + ":" + port;
    ChildJvm.Run stock = NioChild.client(NioChild.Mode.STOCK, List.of(), "kafka", live, target);
    ChildJvm.Run byName = NioChild.client(NioChild.Mode.AGENT_NIO, List.of(), "kafka", live, target);
    StockVsByName.report("kafka-clients-agent", Timed.of(stock), Timed.of(byName),
        "stock use_all_dns_ips keeps the IPv6 address only (filterPreferredAddresses) and retries it");
    StockVsByName.assertFast(Timed.of(byName));
    assertTrue(byName.output().contains("broker accepted /127.0.0.1:") && byName.output().contains("(ApiVersions)"),
        byName.output());
    StockVsByName.assertWaited(Timed.of(stock));
    assertFalse(stock.connected(), "stock Kafka retries ::1 alone: " + stock.output());
  }
}
