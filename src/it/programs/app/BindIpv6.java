package app;

import java.net.InetSocketAddress;
import java.net.Socket;

/** Binds a new Socket to ::1 and prints what happened: the exception's type and message, or the bound address. */
public final class BindIpv6 {
  public static void main(String[] args) throws Exception {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress("::1", 0));
      System.out.println("bound " + s.getLocalSocketAddress());
    } catch (Exception e) {
      System.out.println(e.getClass().getName() + ": " + e.getMessage());
    }
  }
}
