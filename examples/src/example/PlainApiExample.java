package example;

import io.connectbyname.Attempt;
import io.connectbyname.ConnectByName;
import io.connectbyname.Connection;
import java.io.IOException;
import java.time.Duration;

/**
 * The plain API: connect to a host name and a service, every address tried, one overall timeout.
 *
 * <pre>{@code
 * try (Connection c = ConnectByName.connect("db.example", "postgresql", Duration.ofSeconds(10))) { ... }
 * }</pre>
 *
 * Run: {@code java -cp connect-by-name.jar:. example.PlainApiExample db.example postgresql}
 */
public final class PlainApiExample {
  private PlainApiExample() {}

  public static void main(String[] args) throws IOException {
    String host = args.length > 0 ? args[0] : "localhost";
    String service = args.length > 1 ? args[1] : "ssh";
    try (Connection c = ConnectByName.connect(host, service, Duration.ofSeconds(10))) {
      System.out.println("connected to " + c.remote() + " from " + c.local() + " in " + c.elapsed().toMillis() + " ms");
      for (Attempt a : c.attempts()) {
        System.out.println("  " + a);
      }
    }
  }
}
