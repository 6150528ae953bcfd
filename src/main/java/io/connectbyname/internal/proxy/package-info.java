/**
 * SOCKS, as the JDK's own socket speaks it, over a by-name connection to the proxy. Not part of
 * the API.
 */
package io.connectbyname.internal.proxy;
