/**
 * connect-by-name: connect a stream socket to a host name and a service name or port, trying every
 * address of the name (IPv4 and IPv6, raced as RFC 8305 "Happy Eyeballs" describes) within one
 * overall timeout. See {@link io.connectbyname.ConnectByName}.
 */
@SuppressWarnings("requires-automatic") // Connector/J has no module descriptor; its name comes from the jar
module io.connectbyname {
  exports io.connectbyname;
  exports io.connectbyname.spi;
  exports io.connectbyname.mysql;

  // Optional: only io.connectbyname.mysql uses MySQL Connector/J, and only when the driver is there.
  requires static mysql.connector.j;

  // Optional: only the java agent uses it, to open the JDK's socket implementation to the library.
  requires static java.instrument;

  // Optional: the JFR event io.connectbyname.Connect is recorded only when jdk.jfr is present.
  requires static jdk.jfr;

  uses io.connectbyname.spi.AddressResolver;
}
