package org.rp.routes.listener;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;

import org.rp.api.Facts;
import org.rp.api.RejectReason;
import org.rp.api.admin.Operations;
import org.rp.api.route.Decision;
import org.rp.api.route.Rule;
import org.rp.api.Protocol;
import org.slf4j.Logger;

/**
 * What happened on one client connection, written as one access-log line when it closes. Touched only from the
 * connection's event loop.
 */
public final class ConnectionRecord {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private Channel channel;

    private final String listener;
    private final InetSocketAddress client;
    private final ListenerCounters counters;
    private final ListenerRuntime runtime;
    private final long startNanos = System.nanoTime();
    private volatile Facts facts;
    private String sniffer = "-";
    private volatile Rule rule;
    private volatile String upstream;
    private RejectReason rejectReason;
    private long fromClient;
    private long toClient;
    private String closeReason;
    private boolean ended;

    ConnectionRecord(ListenerRuntime runtime, InetSocketAddress client) {
        this.runtime = runtime;
        this.listener = runtime.name();
        this.client = client;
        this.counters = runtime.counters();
        counters.opened();
    }

    public void facts(Facts facts) {
        this.facts = facts;
    }

    /** The bundle build of the sniffer that decided the first message (so a sniffer update can be followed). */
    void sniffedBy(String origin) {
        this.sniffer = origin;
    }

    public void relaying(Rule rule, SocketAddress upstream) {
        if (this.rule == null) {
            counters.relayed();
        }
        if (this.rule == null || !this.rule.name().equals(rule.name())) {
            runtime.ruleCounters().relayed(rule.name());
        }
        this.rule = rule;
        this.upstream = upstream instanceof InetSocketAddress ? format((InetSocketAddress) upstream) : String.valueOf(upstream);
    }

    /** Counts and logs every rejection at once; a connection can see several (one per HTTP request at most). */
    public void rejected(RejectReason reason, String detail) {
        rejected(new Decision.Reject(reason, detail));
    }

    /** The same, also counted for the rule that refused, if one did. */
    public void rejected(Decision.Reject reject) {
        RejectReason reason = reject.reason();
        String detail = reject.detail();
        rejectReason = reason;
        counters.reject(reason);
        if (reject.rule() != null) {
            runtime.ruleCounters().rejected(reject.rule(), reason);
        }
        runtime.rejectedFrom(client.getAddress(), reason);
        Logger log = AccessLog.rejected(protocol());
        log.info("reject listener={} client={} reason={} detail=\"{}\" sniffer={} {}", listener, address(),
                reason.counterName(), detail, sniffer, facts == null ? "" : facts);
    }

    public void fromClient(long bytes) {
        fromClient += bytes;
    }

    public void toClient(long bytes) {
        toClient += bytes;
    }

    /** @return the rule relaying this connection now, or null */
    public String ruleName() {
        Rule relayedBy = rule;
        return relayedBy == null ? null : relayedBy.name();
    }

    public String listener() {
        return listener;
    }

    public InetSocketAddress client() {
        return client;
    }

    /** A relayed connection idle for {@code idle.timeout.s} in both directions is being closed. */
    public void idleTimedOut() {
        counters.idleTimeout();
        closing("idle timeout");
    }

    /** Notes who ended the connection; the first reason given is the one logged. */
    public void closing(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
    }

    /** Called once when the client channel has closed. */
    void ended() {
        if (ended) {
            return;
        }
        ended = true;
        runtime.unregister(this);
        counters.closed(fromClient, toClient);
        if (rule != null) {
            runtime.ruleCounters().bytes(rule.name(), fromClient, toClient);
        }
        // a refused connection has had its line; one closed before any decision gets its line among the refused
        if (rule == null && rejectReason != null) {
            return;
        }
        Logger log = rule != null ? AccessLog.forwarded(protocol()) : AccessLog.rejected(protocol());
        if (log.isInfoEnabled()) {
            log.info("close listener={} client={} {} sniffer={} rule={} upstream={} decision={} bytes_in={} bytes_out={} duration_ms={} close={}",
                    listener, address(), facts == null ? "-" : facts, sniffer, rule == null ? "-" : rule.name(),
                    upstream == null ? "-" : upstream, decision(), fromClient, toClient,
                    (System.nanoTime() - startNanos) / 1_000_000, closeReason == null ? "client" : closeReason);
        }
    }

    private String decision() {
        if (rule == null) {
            return "none";
        }
        // an HTTP connection relayed until a later request was refused
        return rejectReason == null ? "relay" : "reject:" + rejectReason.counterName();
    }

    private Protocol protocol() {
        Facts known = facts;
        return AccessLog.protocolOf(known == null ? null : known.protocol(), runtime.settings().protocols());
    }

    /** Takes part in the listener's list of live connections. */
    void live(Channel channel) {
        this.channel = channel;
        runtime.register(this);
    }

    public long id() {
        return id;
    }

    /** Closes the connection, from any thread. */
    public void close(String reason) {
        channel.eventLoop().execute(() -> {
            closing(reason);
            channel.close();
        });
    }

    /** What the connection looks like now; read from another thread, so a moment's figures may lag. */
    public Operations.Connection view() {
        Facts known = facts;
        Rule relayedBy = rule;
        return new Operations.Connection(id, address(), listener,
                known == null ? "-" : known.protocol().configName(),
                known == null || known.host() == null ? "-" : known.host(),
                relayedBy == null ? "-" : relayedBy.name(), upstream == null ? "-" : upstream, fromClient, toClient,
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private String address() {
        return format(client);
    }

    private static String format(InetSocketAddress address) {
        String ip = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + address.getPort();
    }
}
