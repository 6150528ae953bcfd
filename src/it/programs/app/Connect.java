package app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * {@code Connect HOST PORT TIMEOUT_MS [--wait]}: a program that knows nothing of connect-by-name.
 * It connects a plain {@code new Socket()} to HOST:PORT (resolved the JDK's way, as most code does)
 * and prints one line, {@code connected <remote> in <ms> ms} or {@code failed <exception> in <ms> ms}.
 * With {@code --wait} it first prints {@code ready} and waits for a line on stdin.
 */
public final class Connect {
  public static void main(String[] args) throws Exception {
    if (args.length > 3 && args[3].equals("--wait")) {
      System.out.println("ready");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in)).readLine();
    }
    int timeout = Integer.parseInt(args[2]);
    long start = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(args[0], Integer.parseInt(args[1])), timeout);
      System.out.println("connected " + s.getRemoteSocketAddress() + " in " + millisSince(start) + " ms");
    } catch (Exception e) {
      System.out.println("failed " + e + " in " + millisSince(start) + " ms");
    }
  }

  static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
