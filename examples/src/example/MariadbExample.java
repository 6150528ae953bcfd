package example;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * MariaDB Connector/J: name the factory in the JDBC URL.
 *
 * <pre>
 * jdbc:mariadb://db.example:3306/app?socketFactory=io.connectbyname.ByNameSocketFactory&amp;connectTimeout=10000
 * </pre>
 *
 * {@code connectTimeout} (milliseconds) becomes the one overall timeout for all the addresses of
 * {@code db.example}; other settings come from the configuration chain ({@code -Dconnectbyname.*},
 * {@code connect-by-name.properties}).
 *
 * <p>Run: {@code java -cp connect-by-name.jar:mariadb-java-client.jar:. example.MariadbExample URL USER PASSWORD}
 */
public final class MariadbExample {
  static final String URL = "jdbc:mariadb://db.example:3306/app"
      + "?socketFactory=io.connectbyname.ByNameSocketFactory&connectTimeout=10000";

  private MariadbExample() {}

  public static void main(String[] args) throws SQLException {
    String url = args.length > 0 ? args[0] : URL;
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection(url, args.length > 1 ? args[1] : "app", args.length > 2 ? args[2] : "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT VERSION()")) {
      long millis = (System.nanoTime() - start) / 1_000_000;
      r.next();
      System.out.println("MariaDB Connector/J: connected in " + millis + " ms; SELECT VERSION() -> " + r.getString(1));
    }
  }
}
