package org.rp.api;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A connection's first message as the route sees it: where it arrived and what its sniffer found.
 *
 * @param listener  the name of the listener that accepted the connection
 * @param client    the client's address
 * @param transport how the client reached rp
 * @param facts     what the sniffer found
 */
public record FirstMessage(String listener, InetSocketAddress client, Transport transport, Facts facts) {
    public FirstMessage {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(facts, "facts");
    }
}
