/**
 * connect-by-name: connect a stream socket to a host name and a service, trying every address of
 * the name within one overall timeout. The entry points: {@link io.connectbyname.ConnectByName}
 * (the plain API), {@link io.connectbyname.ByNameSocketFactory} (a {@code javax.net.SocketFactory}
 * for clients that take one), {@link io.connectbyname.ByNameSocketImplFactory} and the java agent
 * {@link io.connectbyname.Agent} (every {@code java.net.Socket} of a JVM), {@link
 * io.connectbyname.ByNameSelectorProvider} (NIO channels); {@link io.connectbyname.Settings}
 * configures them all.
 */
package io.connectbyname;
