package example;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * MySQL Connector/J: it takes only its own kind of socket factory, so name the adapter, the
 * artifact {@code io.connectbyname:connect-by-name-mysql}.
 *
 * <pre>
 * jdbc:mysql://db.example:3306/app?socketFactory=io.connectbyname.mysql.MysqlSocketFactory&amp;connectTimeout=10000
 * </pre>
 *
 * <p>Run: {@code java -cp connect-by-name.jar:connect-by-name-mysql.jar:mysql-connector-j.jar:. example.MysqlExample URL USER PASSWORD}
 */
public final class MysqlExample {
  static final String URL = "jdbc:mysql://db.example:3306/app"
      + "?socketFactory=io.connectbyname.mysql.MysqlSocketFactory&connectTimeout=10000";

  private MysqlExample() {}

  public static void main(String[] args) throws SQLException {
    String url = args.length > 0 ? args[0] : URL;
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection(url, args.length > 1 ? args[1] : "app", args.length > 2 ? args[2] : "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT VERSION()")) {
      long millis = (System.nanoTime() - start) / 1_000_000;
      r.next();
      System.out.println("MySQL Connector/J: connected in " + millis + " ms; SELECT VERSION() -> " + r.getString(1));
    }
  }
}
