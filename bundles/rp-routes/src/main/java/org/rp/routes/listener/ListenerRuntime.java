package org.rp.routes.listener;

import java.util.List;
import java.util.function.Supplier;

import org.rp.api.Protocol;
import org.rp.api.route.RouteTable;
import org.rp.api.sniff.Sniffer;
import org.rp.routes.config.ListenerSettings;
import org.rp.routes.relay.UpstreamConnector;

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

    public ListenerRuntime(ListenerSettings settings, RouteTable routeTable, Supplier<List<Sniffer>> sniffers,
                           UpstreamConnector upstreams) {
        this.settings = settings;
        this.routeTable = routeTable;
        this.sniffers = sniffers;
        this.upstreams = upstreams;
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
