/**
 * The by-name NIO channels and the selector that carries them beside the JDK's own. Not part of
 * the API.
 */
package io.connectbyname.internal.nio;
