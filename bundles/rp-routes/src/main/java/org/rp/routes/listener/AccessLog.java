package org.rp.routes.listener;

import java.util.Set;

import org.rp.api.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log's loggers: {@code rp.access.forwarded.<protocol>} and {@code rp.access.rejected.<protocol>}. One
 * logger per decision and protocol lets an operator switch each off with Karaf's own {@code log:set} (persisted in
 * {@code etc/org.ops4j.pax.logging.cfg}), e.g. {@code log:set OFF rp.access.rejected.sip}, or a whole decision with
 * {@code log:set OFF rp.access.forwarded}. Connections whose protocol is not known (closed or refused before a first
 * message was recognised, on a listener for several protocols) log under {@code unknown}.
 */
final class AccessLog {
    static final String ROOT = "rp.access";
    private static final String UNKNOWN = "unknown";

    private static final Logger[] FORWARDED = loggers("forwarded");
    private static final Logger[] REJECTED = loggers("rejected");

    private AccessLog() {
    }

    /** For a connection relayed by a rule. */
    static Logger forwarded(Protocol protocol) {
        return FORWARDED[index(protocol)];
    }

    /** For a refusal, and for a connection closed before it was relayed. */
    static Logger rejected(Protocol protocol) {
        return REJECTED[index(protocol)];
    }

    /**
     * The protocol a connection logs under: what its first message was recognised as, else the listener's only
     * protocol, else none.
     */
    static Protocol protocolOf(Protocol recognised, Set<Protocol> listenerProtocols) {
        if (recognised != null) {
            return recognised;
        }
        return listenerProtocols.size() == 1 ? listenerProtocols.iterator().next() : null;
    }

    private static int index(Protocol protocol) {
        return protocol == null ? Protocol.values().length : protocol.ordinal();
    }

    private static Logger[] loggers(String decision) {
        Protocol[] protocols = Protocol.values();
        Logger[] loggers = new Logger[protocols.length + 1];
        for (Protocol protocol : protocols) {
            loggers[protocol.ordinal()] = LoggerFactory.getLogger(name(decision, protocol.configName()));
        }
        loggers[protocols.length] = LoggerFactory.getLogger(name(decision, UNKNOWN));
        return loggers;
    }

    private static String name(String decision, String protocol) {
        return ROOT + "." + decision + "." + protocol;
    }
}
