package org.rp.routes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rp.api.admin.Operations;
import org.rp.routes.listener.ConnectionRecord;
import org.rp.routes.listener.ListenerCounters;
import org.rp.routes.listener.ListenerRuntime;

/** Live connections and counters of the running listeners, for the shell and JMX. */
@Component(service = Operations.class)
public class OperationsService implements Operations {
    private final ListenerRegistry listeners;

    @Activate
    public OperationsService(@Reference ListenerRegistry listeners) {
        this.listeners = listeners;
    }

    @Override
    public List<Connection> connections() {
        List<Connection> connections = new ArrayList<>();
        for (ListenerRuntime listener : listeners.all()) {
            for (ConnectionRecord record : listener.liveConnections()) {
                connections.add(record.view());
            }
        }
        connections.sort(Comparator.comparingLong(Connection::id));
        return connections;
    }

    @Override
    public boolean closeConnection(long id) {
        for (ListenerRuntime listener : listeners.all()) {
            ConnectionRecord record = listener.liveConnection(id);
            if (record != null) {
                record.close("closed by the operator");
                return true;
            }
        }
        return false;
    }

    @Override
    public List<ListenerStats> listenerStats() {
        List<ListenerStats> stats = new ArrayList<>();
        for (ListenerRuntime listener : listeners.all()) {
            stats.add(statsOf(listener));
        }
        return stats;
    }

    static ListenerStats statsOf(ListenerRuntime listener) {
        ListenerCounters c = listener.counters();
        return new ListenerStats(listener.name(), c.accepted(), c.relayedCount(), c.rejectedByReason(),
                c.bytesFromClients(), c.bytesToClients(), c.active(), c.idleTimeouts(), c.sniffMicros(50),
                c.sniffMicros(99));
    }

    @Override
    public List<RuleStats> ruleStats() {
        Map<String, Long> active = new HashMap<>();
        for (ListenerRuntime listener : listeners.all()) {
            for (ConnectionRecord record : listener.liveConnections()) {
                String rule = record.ruleName();
                if (rule != null) {
                    active.merge(rule, 1L, Long::sum);
                }
            }
        }
        return listeners.ruleCounters().snapshot(rule -> active.getOrDefault(rule, 0L));
    }
}
