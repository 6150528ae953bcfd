package app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * {@code NioProbe HOST PORT [--wait]}: a program that knows nothing of connect-by-name. It prints
 * the JVM's selector provider, {@code provider <class>}, then opens a {@code SocketChannel} to
 * HOST:PORT and prints {@code connected <remote> in <ms> ms} or {@code failed <exception> in <ms> ms}.
 * With {@code --wait} it first uses NIO (opens and closes a selector, which chooses the JVM's
 * provider), prints {@code ready} and waits for a line on stdin.
 */
public final class NioProbe {
  public static void main(String[] args) throws Exception {
    if (args.length > 2 && args[2].equals("--wait")) {
      Selector.open().close();
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in)).readLine();
    }
    System.out.println("provider " + SelectorProvider.provider().getClass().getName());
    long start = System.nanoTime();
    try (SocketChannel c = SocketChannel.open(new InetSocketAddress(args[0], Integer.parseInt(args[1])))) {
      System.out.println("connected " + c.getRemoteAddress() + " in " + Connect.millisSince(start) + " ms");
    } catch (Exception e) {
      System.out.println("failed " + e + " in " + Connect.millisSince(start) + " ms");
    }
  }
}
