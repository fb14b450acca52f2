package org.rp.routes.listener;

import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.netty.channel.Channel;
import org.rp.api.FirstMessage;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.Transport;
import org.rp.api.route.Decision;
import org.rp.api.route.Rule;
import org.rp.api.route.RouteTable;
import org.rp.api.sniff.Sniffer;
import org.rp.routes.config.ListenerSettings;
import org.rp.routes.guard.BlacklistService;
import org.rp.routes.guard.ConnectionLimits;
import org.rp.routes.relay.UpstreamConnector;
import org.rp.routes.tls.ClientCertificateCheck;
import org.rp.routes.tls.TlsContexts;

/**
 * What the connections of one listener share: its settings (replaced live by {@code @Modified}), counters, the
 * route table, the sniffers in force and the upstream connector.
 */
public final class ListenerRuntime {
    private volatile ListenerSettings settings;
    private final ListenerCounters counters = new ListenerCounters();
    private final RouteTable routeTable;
    private final Supplier<List<Sniffer>> sniffers;
    private final UpstreamConnector upstreams;
    private final TlsContexts tls;
    private final BlacklistService blacklist;
    private final ConnectionLimits limits = new ConnectionLimits();
    private final RuleCounters ruleCounters;
    private final Map<Long, ConnectionRecord> live = new ConcurrentHashMap<>();
    private volatile Channel serverChannel;
    private volatile String bindFailure;

    public ListenerRuntime(ListenerSettings settings, RouteTable routeTable, Supplier<List<Sniffer>> sniffers,
                           UpstreamConnector upstreams, TlsContexts tls, BlacklistService blacklist,
                           RuleCounters ruleCounters) {
        this.settings = settings;
        this.routeTable = routeTable;
        this.sniffers = sniffers;
        this.upstreams = upstreams;
        this.tls = tls;
        this.blacklist = blacklist;
        this.ruleCounters = ruleCounters;
    }

    void bound(Channel serverChannel) {
        this.serverChannel = serverChannel;
    }

    /** @return the address this listener's socket accepts on, or null while it has none open */
    public SocketAddress boundAddress() {
        Channel server = serverChannel;
        return server != null && server.isActive() ? server.localAddress() : null;
    }

    /** @param why the socket could not be bound, e.g. {@code Address already in use}; null once it is */
    public void bindFailure(String why) {
        this.bindFailure = why;
    }

    /** @return why this listener's socket could not be bound at its last attempt, or null */
    public String bindFailure() {
        return bindFailure;
    }

    public RuleCounters ruleCounters() {
        return ruleCounters;
    }

    void register(ConnectionRecord record) {
        live.put(record.id(), record);
    }

    void unregister(ConnectionRecord record) {
        live.remove(record.id());
    }

    /** The connections open now, oldest first. */
    public List<ConnectionRecord> liveConnections() {
        return live.values().stream().sorted(java.util.Comparator.comparingLong(ConnectionRecord::id)).toList();
    }

    /** @return the connection of that id on this listener, if open */
    public ConnectionRecord liveConnection(long id) {
        return live.get(id);
    }

    /**
     * Decides at accept, before a byte is read: a blacklisted source or one over a limit is refused.
     *
     * @return null if the connection is admitted (then {@link #released} must follow its close), else why not
     */
    RejectReason admit(InetAddress source) {
        if (blacklist != null && blacklist.isBlocked(source)) {
            return RejectReason.BLACKLISTED;
        }
        return limits.admit(source, settings, System.nanoTime());
    }

    void released(InetAddress source) {
        limits.release(source);
    }

    /** Counts a rejection against its source for the automatic blacklist. */
    void rejectedFrom(InetAddress source, RejectReason reason) {
        if (blacklist != null) {
            blacklist.rejected(source, reason);
        }
    }

    /** Connections open now. */
    public int activeConnections() {
        return limits.active();
    }

    /** TLS if this listener terminates TLS, else TCP. */
    public Transport transport() {
        return settings.tls() ? Transport.TLS : Transport.TCP;
    }

    public TlsContexts tls() {
        return tls;
    }

    /**
     * The route table's decision, and for a rule with {@code check.certificate} the check of the client's
     * certificate against what the message claims.
     */
    public Decision decide(FirstMessage message, Channel client) {
        Decision decision = routeTable.decide(message);
        if (decision instanceof Decision.Relay && ((Decision.Relay) decision).rule().checkCertificate()) {
            return ClientCertificateCheck.check(client, message.facts(), (Decision.Relay) decision, tls.trustAnchors());
        }
        return decision;
    }

    /** Whether a rule that applies to this listener checks client certificates, so the handshake must ask for one. */
    public boolean requestsClientCertificate() {
        for (Rule rule : routeTable.rules()) {
            if (rule.checkCertificate() && rule.appliesTo(name())) {
                return true;
            }
        }
        return false;
    }

    public ListenerSettings settings() {
        return settings;
    }

    public void settings(ListenerSettings settings) {
        this.settings = settings;
    }

    public String name() {
        return settings.name();
    }

    public ListenerCounters counters() {
        return counters;
    }

    public RouteTable routeTable() {
        return routeTable;
    }

    /** The sniffers in force now; a connection takes this list once, so a sniffer update affects only new ones. */
    public List<Sniffer> sniffers() {
        return sniffers.get();
    }

    /**
     * The sniffer in force now for {@code protocol}, else {@code fallback}: long-lived connections that sniff again
     * (HTTP keep-alive) follow a sniffer update instead of calling into a replaced bundle revision.
     */
    public Sniffer currentSniffer(Protocol protocol, Sniffer fallback) {
        for (Sniffer sniffer : sniffers.get()) {
            if (sniffer.protocol() == protocol) {
                return sniffer;
            }
        }
        return fallback;
    }

    public UpstreamConnector upstreams() {
        return upstreams;
    }
}
