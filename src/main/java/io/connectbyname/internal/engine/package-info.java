/**
 * The engine of a connect by name, shared by sockets and channels: parse the destination, resolve,
 * order the addresses (RFC 8305 §4), race them on non-blocking channels (§5) within one deadline,
 * remember winners and failures. Not part of the API.
 */
package io.connectbyname.internal.engine;
