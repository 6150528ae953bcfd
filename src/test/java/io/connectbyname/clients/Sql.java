package io.connectbyname.clients;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The one SQL helper the database tests share. */
final class Sql {
  private Sql() {}

  /** The first column of the first row {@code sql} returns. */
  static String query(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }
}
