package example;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * pgjdbc (PostgreSQL JDBC driver): name the factory in the JDBC URL.
 *
 * <pre>
 * jdbc:postgresql://db.example:5432/app?socketFactory=io.connectbyname.ByNameSocketFactory&amp;connectTimeout=10
 * jdbc:postgresql://db.example:5432/app?socketFactory=io.connectbyname.ByNameSocketFactory&amp;socketFactoryArg=attemptDelay=100;family=ipv4&amp;connectTimeout=10
 * </pre>
 *
 * {@code connectTimeout} (seconds) becomes the one overall timeout for all the addresses of
 * {@code db.example}. Settings for the factory go in {@code socketFactoryArg}, as in the second
 * URL, or as {@code connectbyname.*} connection properties ({@code &connectbyname.attemptDelay=100}),
 * which win over the same key in {@code socketFactoryArg}.
 *
 * <p>Run: {@code java -cp connect-by-name.jar:postgresql.jar:. example.PgjdbcExample URL USER PASSWORD}
 */
public final class PgjdbcExample {
  static final String URL = "jdbc:postgresql://db.example:5432/app"
      + "?socketFactory=io.connectbyname.ByNameSocketFactory&connectTimeout=10";

  private PgjdbcExample() {}

  public static void main(String[] args) throws SQLException {
    String url = args.length > 0 ? args[0] : URL;
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection(url, args.length > 1 ? args[1] : "app", args.length > 2 ? args[2] : "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT version()")) {
      long millis = (System.nanoTime() - start) / 1_000_000;
      r.next();
      System.out.println("pgjdbc: connected in " + millis + " ms; SELECT version() -> " + r.getString(1));
    }
  }
}
