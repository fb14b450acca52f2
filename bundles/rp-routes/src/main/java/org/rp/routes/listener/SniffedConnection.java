package org.rp.routes.listener;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.rp.api.FirstMessage;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.route.Decision;
import org.rp.api.sniff.Sniffer;

/**
 * The one message a connection sends into its listener's Camel route: the first message's facts (or why there
 * are none) and every byte received so far. It is a plain object, not a ByteBuf, because Camel's handler releases
 * reference-counted bodies when the route returns; whoever acts on the decision owns {@link #received()}.
 */
public final class SniffedConnection {
    private final Channel channel;
    private final ListenerRuntime listener;
    private final ConnectionRecord record;
    private final FirstMessage message;
    private final Sniffer sniffer;
    private final Protocol protocol;
    private final ByteBuf received;
    private Decision decision;

    private SniffedConnection(Channel channel, ListenerRuntime listener, ConnectionRecord record, FirstMessage message,
                              Sniffer sniffer, Protocol protocol, ByteBuf received, Decision decision) {
        this.channel = channel;
        this.listener = listener;
        this.record = record;
        this.message = message;
        this.sniffer = sniffer;
        this.protocol = protocol;
        this.received = received;
        this.decision = decision;
    }

    static SniffedConnection recognised(Channel channel, ListenerRuntime listener, ConnectionRecord record,
                                        FirstMessage message, Sniffer sniffer, ByteBuf received) {
        record.facts(message.facts());
        return new SniffedConnection(channel, listener, record, message, sniffer, message.facts().protocol(),
                received, null);
    }

    /** @param protocol the protocol the bytes were recognised as, or {@code null} if none */
    static SniffedConnection refused(Channel channel, ListenerRuntime listener, ConnectionRecord record,
                                     Protocol protocol, RejectReason reason, String detail, ByteBuf received) {
        return new SniffedConnection(channel, listener, record, null, null, protocol, received,
                new Decision.Reject(reason, detail));
    }

    public Channel channel() {
        return channel;
    }

    public ListenerRuntime listener() {
        return listener;
    }

    public ConnectionRecord record() {
        return record;
    }

    /** The first message, or {@code null} if it was refused before it was recognised. */
    public FirstMessage message() {
        return message;
    }

    /** The sniffer that recognised the first message; HTTP asks it (or its replacement) again for every later request. */
    public Sniffer sniffer() {
        return sniffer;
    }

    /** The protocol spoken, if known: from the facts, the sniffer that refused, or a one-protocol listener. */
    public Protocol protocol() {
        return protocol;
    }

    public ByteBuf received() {
        return received;
    }

    public Decision decision() {
        return decision;
    }

    void decision(Decision decision) {
        this.decision = decision;
    }
}
