package org.rp.api.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What is happening now: live connections, and counters per listener and per rule since start. */
@org.osgi.annotation.versioning.ProviderType
public interface Operations {

    /**
     * One live client connection.
     *
     * @param protocol the protocol its first message was recognised as, or {@code -} while sniffing
     * @param key      the routing key of its first message, or {@code -}
     * @param rule     the rule it is relayed by, or {@code -}
     * @param upstream the upstream address, or {@code -}
     * @param bytesIn  bytes from the client
     * @param bytesOut bytes to the client
     */
    record Connection(long id, String client, String listener, String protocol, String key, String rule,
                      String upstream, long bytesIn, long bytesOut, Duration age) {
    }

    /**
     * A listener's counters since it started.
     *
     * @param rejected        refusals by reason ({@code unknown_host}, ...), reasons with a count only
     * @param idleTimeouts    relayed connections closed by {@code idle.timeout.s}
     * @param sniffMicrosP50  median time from accept (or the end of the TLS handshake) to a recognised first message
     * @param sniffMicrosP99  99th percentile of the same
     */
    record ListenerStats(String listener, long accepted, long relayed, Map<String, Long> rejected, long bytesIn,
                         long bytesOut, long active, long idleTimeouts, long sniffMicrosP50, long sniffMicrosP99) {
    }

    /**
     * A rule's counters since start.
     *
     * @param relayed  connections (HTTP: upstream legs) relayed by it
     * @param active   its connections open now
     * @param rejected what it refused by reason: paths it does not allow, failed certificate checks, its target
     *                 unreachable; reasons with a count only
     */
    record RuleStats(String rule, long relayed, long active, Map<String, Long> rejected, long bytesIn,
                     long bytesOut) {
    }

    /** @return the live connections of every listener, oldest first */
    List<Connection> connections();

    /** Closes a live connection; @return false if there is none with that id */
    boolean closeConnection(long id);

    List<ListenerStats> listenerStats();

    List<RuleStats> ruleStats();
}
