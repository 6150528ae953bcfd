package io.connectbyname.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.connectbyname.Attempt;
import io.connectbyname.Attempt.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When attempts start, on a fake clock: a failure that comes at once must not cost an attempt delay. */
class RaceStartTimesTest {
  private static final long MS = 1_000_000L;

  /** A fake connector: "hang" never answers, "unreachable" fails inside start(), else connects after its delay. */
  static final class FakeConnector implements Connector<InetSocketAddress> {
    final long[] clock = {0};
    final Map<InetSocketAddress, Long> connectsAt = new HashMap<>();
    final Map<String, Long> behaviour;

    FakeConnector(Map<String, Long> behaviour) {
      this.behaviour = behaviour;
    }

    @Override
    public InetSocketAddress start(InetSocketAddress address) throws IOException {
      long after = behaviour.get(address.getAddress().getHostAddress());
      if (after < 0) {
        throw new NoRouteToHostException("Network is unreachable");
      }
      if (after != Long.MAX_VALUE) {
        connectsAt.put(address, clock[0] + after);
      }
      return address;
    }

    @Override
    public List<Ended<InetSocketAddress>> await(long nanos) {
      long next = connectsAt.values().stream().min(Long::compare).orElse(Long.MAX_VALUE);
      List<Ended<InetSocketAddress>> ended = new ArrayList<>();
      if (next - clock[0] <= nanos) {
        clock[0] = next;
        connectsAt.forEach((a, at) -> {
          if (at == next) {
            ended.add(new Ended<>(a, null));
          }
        });
        ended.forEach(e -> connectsAt.remove(e.attempt()));
      } else {
        clock[0] += nanos;
      }
      return ended;
    }

    @Override
    public void wakeup() {}

    @Override
    public void cancel(InetSocketAddress attempt) {
      connectsAt.remove(attempt);
    }

    @Override
    public void keep(InetSocketAddress winner) {}

    @Override
    public void close() {}
  }

  @Test
  @Timeout(5)
  void aFailureAtStartLetsTheNextAttemptStartAtOnce() throws Exception {
    // 10.0.0.1 hangs; at 250 ms 2001:db8::1 starts and fails at once (no IPv6 route), so
    // 10.0.0.2 should start at 250 ms too, not a second attempt delay later.
    FakeConnector fake = new FakeConnector(Map.of("10.0.0.1", Long.MAX_VALUE, "2001:db8:0:0:0:0:0:1", -1L,
        "10.0.0.2", 5 * MS));
    Race<InetSocketAddress> race = new Race<>(fake, () -> fake.clock[0], 250 * MS, 8);
    Race.Result<InetSocketAddress> result = race.run(List.of(at("10.0.0.1"), at("2001:db8::1"), at("10.0.0.2")),
        10_000 * MS);
    assertEquals(at("10.0.0.2"), result.winner());
    List<Attempt> attempts = result.attempts();
    assertEquals(List.of(Outcome.CANCELLED, Outcome.UNREACHABLE, Outcome.CONNECTED),
        attempts.stream().map(Attempt::outcome).toList());
    assertEquals(List.of(0L, 250L, 250L), attempts.stream().map(a -> a.start().toMillis()).toList());
    assertEquals(Duration.ofMillis(255), Duration.ofNanos(fake.clock[0]));
  }

  private static InetSocketAddress at(String literal) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(literal), 5432);
  }
}
