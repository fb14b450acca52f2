package org.rp.routes;

import javax.management.ObjectName;

import org.rp.api.admin.Operations;
import org.rp.routes.listener.ListenerRuntime;

/** Publishes one listener's counters as an MBean for as long as the listener runs. */
final class ListenerStats implements ListenerStatsMBean {
    private final ListenerRuntime listener;
    private ObjectName name;

    private ListenerStats(ListenerRuntime listener) {
        this.listener = listener;
    }

    /** @return the published MBean, or null if JMX refused it (logged) */
    static ListenerStats register(ListenerRuntime listener) {
        ListenerStats stats = new ListenerStats(listener);
        stats.name = JmxCounters.publish(stats, "listener", listener.name());
        return stats.name == null ? null : stats;
    }

    void unregister() {
        JmxCounters.withdraw(name);
    }

    private Operations.ListenerStats now() {
        return OperationsService.statsOf(listener);
    }

    @Override
    public long getAccepted() {
        return now().accepted();
    }

    @Override
    public long getRelayed() {
        return now().relayed();
    }

    @Override
    public long getActive() {
        return now().active();
    }

    @Override
    public long getIdleTimeouts() {
        return now().idleTimeouts();
    }

    @Override
    public long getRejected() {
        return JmxCounters.total(now().rejected());
    }

    @Override
    public String getRejectedByReason() {
        return JmxCounters.text(now().rejected());
    }

    @Override
    public long getBytesIn() {
        return now().bytesIn();
    }

    @Override
    public long getBytesOut() {
        return now().bytesOut();
    }

    @Override
    public long getSniffMicrosP50() {
        return now().sniffMicrosP50();
    }

    @Override
    public long getSniffMicrosP99() {
        return now().sniffMicrosP99();
    }
}
