/**
 * connect-by-name: connect a stream socket to a host name and a service name or port, trying every
 * address of the name (IPv4 and IPv6, raced as RFC 8305 "Happy Eyeballs" describes) within one
 * overall timeout. See {@link io.connectbyname.ConnectByName}.
 */
module io.connectbyname {
  exports io.connectbyname;
  exports io.connectbyname.spi;

  // Optional: only the java agent uses it, to open the JDK's socket implementation to the library.
  requires static java.instrument;

  // Optional: the JFR event io.connectbyname.Connect is recorded only when jdk.jfr is present.
  requires static jdk.jfr;

  uses io.connectbyname.spi.AddressResolver;
}
