package io.connectbyname.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A blackhole makes connects hang like a silent host, on loopback. */
class BlackholeTest {

  @Test
  @Timeout(10)
  void connectsHangUntilTheirTimeout() throws Exception {
    try (Blackhole hole = Blackhole.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      assertTrue(hole.fillers() >= 1, "at least one connection fills a backlog of 1");
      long begin = System.nanoTime();
      try (Socket socket = new Socket()) {
        assertThrows(SocketTimeoutException.class, () -> socket.connect(hole.address(), 300));
      }
      assertTrue(System.nanoTime() - begin >= 250_000_000L, "the connect waited for its timeout");
    }
  }

  @Test
  @Timeout(10)
  void aNonBlockingConnectStaysPending() throws Exception {
    try (Blackhole hole = Blackhole.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel channel = SocketChannel.open();
        Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      assertFalse(channel.connect(hole.address()));
      channel.register(selector, SelectionKey.OP_CONNECT);
      assertEquals(0, selector.select(300), "no SYN-ACK comes back");
    }
  }

  @Test
  @Timeout(10)
  void closeReleasesThePort() throws Exception {
    InetSocketAddress address;
    try (Blackhole hole = Blackhole.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      address = hole.address();
    }
    try (Blackhole again = Blackhole.open(address)) {
      assertEquals(address, again.address());
    }
  }
}
