package org.rp.routes;

import java.lang.management.ManagementFactory;
import java.util.stream.Collectors;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.rp.api.admin.Operations;
import org.rp.routes.listener.ListenerRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes one listener's counters as an MBean for as long as the listener runs. */
final class ListenerStats implements ListenerStatsMBean {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerStats.class);
    private final ListenerRuntime listener;
    private final ObjectName name;

    private ListenerStats(ListenerRuntime listener, ObjectName name) {
        this.listener = listener;
        this.name = name;
    }

    static ListenerStats register(ListenerRuntime listener) {
        try {
            ObjectName name = ObjectName.getInstance("org.rp:type=listener,name=" + ObjectName.quote(listener.name()));
            ListenerStats stats = new ListenerStats(listener, name);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(stats, name);
            return stats;
        } catch (JMException e) {
            LOG.warn("No JMX counters for listener {}: {}", listener.name(), e.getMessage());
            return null;
        }
    }

    void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            LOG.debug("JMX counters of listener {} already gone", listener.name());
        }
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
        return now().rejected().values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String getRejectedByReason() {
        return now().rejected().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
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
