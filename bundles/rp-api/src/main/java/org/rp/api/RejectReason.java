package org.rp.api;

/**
 * Why a connection or request was refused. Every reason is counted; {@link #suspicious()} reasons also count
 * against the source address for the automatic blacklist.
 */
public enum RejectReason {
    /** No sniffer of the listener recognised the first message. */
    UNKNOWN_PROTOCOL(true),
    /** The first message breaks its protocol's grammar. */
    MALFORMED(true),
    /** The first message exceeds the listener's {@code first.message.max.bytes}. */
    OVERSIZE(true),
    /** A protocol version rp refuses, such as SSL 2.0 or 3.0. */
    UNSUPPORTED_VERSION(true),
    /** The first message did not arrive within {@code sniff.timeout.ms}. */
    SNIFF_TIMEOUT(true),
    /** No rule of this listener names the routing key. */
    UNKNOWN_HOST(true),
    /** A rule names the host, but none allows the path. */
    PATH_NOT_ALLOWED(true),
    /** The message carries no routing key and the listener has no default rule. */
    NO_ROUTING_KEY(true),
    /** The TLS handshake with the client failed (no common version or cipher, not TLS at all, too slow). */
    TLS_HANDSHAKE_FAILED(true),
    /** A rule requires a client certificate: none, not valid against the trust store, or for another name. */
    CERTIFICATE_CHECK_FAILED(true),
    /** The source address is on the blacklist: closed at accept. */
    BLACKLISTED(false),
    /** The listener has {@code max.connections} open already. */
    CONNECTION_LIMIT(false),
    /** The source has {@code max.connections.per.source} open on this listener already. */
    SOURCE_CONNECTION_LIMIT(false),
    /** The source opened more than {@code max.new.connections.per.second.per.source} in the last second. */
    SOURCE_RATE_LIMIT(false),
    /** The upstream could not be reached; not the client's fault. */
    UPSTREAM_UNREACHABLE(false);

    private final boolean suspicious;

    RejectReason(boolean suspicious) {
        this.suspicious = suspicious;
    }

    public boolean suspicious() {
        return suspicious;
    }

    /** The lower-case name used in logs and counters, e.g. {@code unknown_host}. */
    public String counterName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
