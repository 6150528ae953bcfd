/**
 * The by-name {@code java.net.Socket}: its implementation, which keeps the connect context before
 * connect and hands the connection to the JDK's own socket implementation after. Not part of the
 * API.
 */
package io.connectbyname.internal.socket;
