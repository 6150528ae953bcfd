package io.connectbyname.mysql;

import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.protocol.StandardSocketFactory;
import io.connectbyname.ByNameSocketFactory;
import io.connectbyname.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;

/**
 * MySQL Connector/J's own kind of socket factory ({@code com.mysql.cj.protocol.SocketFactory}: the
 * driver rejects a {@code javax.net.SocketFactory}) whose sockets connect by name. Named in the
 * JDBC URL:
 *
 * <pre>{@code
 * jdbc:mysql://db.example:3306/app?socketFactory=io.connectbyname.mysql.MysqlSocketFactory&connectTimeout=10000
 * }</pre>
 *
 * <p>It is Connector/J's {@link StandardSocketFactory} with one change: the raw socket is a
 * connect-by-name socket. The driver hands it the first address of the host name, which carries the
 * name, so every address of the name is raced within {@code connectTimeout} (one overall timeout,
 * where the driver alone spends it on the first address and stops there). Socket options,
 * {@code localSocketAddress}, the login timeout and TLS stay the driver's. Settings are
 * {@link Settings#configured()}.
 *
 * <p>Connector/J is an optional dependency: this class needs it at run time, the rest of
 * connect-by-name never does. Put both jars on the class path, or both on the module path (the
 * driver's module name, {@code mysql.connector.j}, comes from its file name).
 */
public class MysqlSocketFactory extends StandardSocketFactory {

  /** Called by Connector/J, which makes one factory per connection. */
  public MysqlSocketFactory() {}

  /** An unconnected socket that connects by name. */
  @Override
  protected Socket createSocket(PropertySet properties) {
    try {
      return ByNameSocketFactory.getDefault().createSocket();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot make a connect-by-name socket", e);
    }
  }
}
