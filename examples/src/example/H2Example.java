package example;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * H2's TCP client, unchanged: it makes its sockets with {@code new Socket()}, which the java agent
 * makes connect by name.
 *
 * <pre>
 * java -javaagent:connect-by-name.jar -Dh2.socketConnectTimeout=10000 -cp h2.jar:. example.H2Example jdbc:h2:tcp://db.example:9092/mem:app
 * </pre>
 *
 * H2 connects to the first address of the name only, with {@code h2.socketConnectTimeout} (default
 * 2000 ms); through the agent that timeout covers all the addresses.
 */
public final class H2Example {
  private H2Example() {}

  /** Connects to {@code url} and runs {@code SELECT 6 * 7}. */
  public static int answer(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT 6 * 7")) {
      r.next();
      return r.getInt(1);
    }
  }

  public static void main(String[] args) throws SQLException {
    String url = args.length > 0 ? args[0] : "jdbc:h2:tcp://localhost:9092/mem:app";
    long start = System.nanoTime();
    int answer = answer(url);
    System.out.println("H2: answered in " + (System.nanoTime() - start) / 1_000_000 + " ms; SELECT 6 * 7 -> " + answer);
  }
}
