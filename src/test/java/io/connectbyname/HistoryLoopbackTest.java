package io.connectbyname;

import static io.connectbyname.Fixtures.V4;
import static io.connectbyname.Fixtures.V6;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.connectbyname.Attempt.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The connect history on real sockets: a name whose first address is dead, connected twice. */
@Timeout(30)
class HistoryLoopbackTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @Test
  void theSecondConnectGoesStraightToTheAddressThatWon() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.live(V4))) {
      ByNameConnector connector = ConnectByName.with(Settings.defaults()
          .withResolver(Fixtures.resolver(Map.of("he.test", site.addresses()))));
      try (Connection first = connector.connect("he.test", site.port(), TIMEOUT)) {
        assertEquals(List.of(Outcome.CANCELLED, Outcome.CONNECTED), outcomes(first));
      }
      try (Connection second = connector.connect("he.test", site.port(), TIMEOUT)) {
        assertEquals(List.of(Outcome.CONNECTED), outcomes(second), "the live address went first: " + second.attempts());
        assertEquals(V4, second.remote().getAddress());
        assertTrue(second.elapsed().compareTo(Settings.DEFAULT_ATTEMPT_DELAY) < 0,
            "no attempt delay spent on the dead address: " + second.elapsed());
      }
    }
  }

  @Test
  void withHistoryOffEveryConnectStartsWithTheResolversOrder() throws IOException {
    try (Fixtures.Site site = Fixtures.site(Fixtures.blackhole(V6), Fixtures.live(V4))) {
      ByNameConnector connector = ConnectByName.with(Settings.defaults()
          .withHistory(0, Settings.DEFAULT_HISTORY_TTL)
          .withResolver(Fixtures.resolver(Map.of("he.test", site.addresses()))));
      for (int i = 0; i < 2; i++) {
        try (Connection c = connector.connect("he.test", site.port(), TIMEOUT)) {
          assertEquals(List.of(Outcome.CANCELLED, Outcome.CONNECTED), outcomes(c));
        }
      }
    }
  }

  /**
   * A failed-over address that recovers is used again once the memory of the failover expires:
   * until then the address that won goes first (each win renews it) and the one that failed goes
   * last; after it, the resolver's order. The first address is refused, so its failure is what
   * the history remembers (a blackholed one would end cancelled, which it does not remember).
   */
  @Test
  void anAddressThatRecoversIsUsedAgainAfterTheTimeToLive() throws Exception {
    Duration ttl = Duration.ofSeconds(1);
    try (Fixtures.Site site = Fixtures.site(Fixtures.refused(V6), Fixtures.live(V4))) {
      int port = site.port();
      ByNameConnector connector = ConnectByName.with(Settings.defaults()
          .withHistory(16, ttl)
          .withResolver(Fixtures.resolver(Map.of("he.test", site.addresses()))));
      try (Connection failover = connector.connect("he.test", port, TIMEOUT)) {
        assertEquals(List.of(Outcome.REFUSED, Outcome.CONNECTED), outcomes(failover));
      }
      site.listener(0).close();
      try (Fixtures.Listener recovered = Fixtures.live(V6).open(port)) {
        try (Connection remembered = connector.connect("he.test", port, TIMEOUT)) {
          assertEquals(List.of(Outcome.CONNECTED), outcomes(remembered));
          assertEquals(V4, remembered.remote().getAddress(), "within the ttl the winner goes first");
        }
        Thread.sleep(ttl.toMillis() + 200);
        try (Connection again = connector.connect("he.test", port, TIMEOUT)) {
          assertEquals(List.of(Outcome.CONNECTED), outcomes(again));
          assertEquals(V6, again.remote().getAddress(), "after the ttl the recovered first address: " + again.attempts());
        }
      }
    }
  }

  private static List<Outcome> outcomes(Connection c) {
    return c.attempts().stream().map(Attempt::outcome).toList();
  }
}
