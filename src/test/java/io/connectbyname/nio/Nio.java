package io.connectbyname.nio;

import io.connectbyname.ByNameSelectorProvider;
import io.connectbyname.Fixtures;
import io.connectbyname.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Shared pieces of the NIO provider's tests: the name, providers side by side, a blocking echo. */
final class Nio {
  /** The name every test resolves, to its site's addresses. */
  static final String NAME = "he.test";
  /** The overall timeout the providers connect with unless a test says otherwise. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Nio() {}

  /** The JDK's own provider: no provider is named in a test JVM. */
  static SelectorProvider jdk() {
    SelectorProvider p = SelectorProvider.provider();
    if (p instanceof ByNameSelectorProvider) {
      throw new AssertionError("the test JVM must run with the JDK's own provider");
    }
    return p;
  }

  /** A provider whose channels resolve {@link #NAME} to {@code site}'s addresses. */
  static ByNameSelectorProvider provider(Fixtures.Site site) {
    return provider(resolver(site.addresses()), TIMEOUT);
  }

  static ByNameSelectorProvider provider(Fixtures.Resolver resolver, Duration timeout) {
    return new ByNameSelectorProvider(settings(resolver).withTimeout(timeout));
  }

  /**
   * Settings that resolve with {@code resolver}, with no connect history: each test's race starts
   * with the address order the resolver gives, whatever ran before it.
   */
  static Settings settings(Fixtures.Resolver resolver) {
    return Settings.defaults().withResolver(resolver).withHistory(0, Duration.ofMinutes(1)).withTimeout(TIMEOUT);
  }

  static Fixtures.Resolver resolver(List<InetAddress> addresses) {
    return Fixtures.resolver(Map.of(NAME, addresses));
  }

  /** {@link #NAME} at {@code port}, unresolved: what a client that connects by name hands over. */
  static InetSocketAddress byName(int port) {
    return InetSocketAddress.createUnresolved(NAME, port);
  }

  /** Writes {@code text} on the blocking channel and reads the same bytes back from the echo server. */
  static void assertEchoes(SocketChannel ch, String text) throws IOException {
    ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    while (out.hasRemaining()) {
      ch.write(out);
    }
    ByteBuffer in = ByteBuffer.allocate(text.length());
    while (in.hasRemaining()) {
      if (ch.read(in) < 0) {
        throw new AssertionError("end of stream after " + in.position() + " bytes");
      }
    }
    String back = new String(in.array(), StandardCharsets.US_ASCII);
    if (!back.equals(text)) {
      throw new AssertionError("echoed " + back + ", sent " + text);
    }
  }

  static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
