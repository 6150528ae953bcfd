package io.connectbyname.internal.engine;

import io.connectbyname.Attempt;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * A connect by name that succeeded.
 *
 * @param connected what the {@link Landing} made of the winner
 * @param local the local address and port of the connection
 * @param remote the address that won, named with the host asked for (when one was)
 * @param elapsed from the start of the connect, resolution included
 * @param attempts every attempt, in the order started
 * @param <T> what the landing makes
 */
public record Dialed<T>(T connected, InetSocketAddress local, InetSocketAddress remote, Duration elapsed,
    List<Attempt> attempts) {}
