/**
 * The service-provider interface: {@link io.connectbyname.spi.AddressResolver}, how host names are
 * resolved.
 */
package io.connectbyname.spi;
