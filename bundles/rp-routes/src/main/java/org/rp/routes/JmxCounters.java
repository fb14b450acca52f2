package org.rp.routes;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.stream.Collectors;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** rp's counters in the platform MBean server, as {@code org.rp:type=<type>,name="<name>"}. */
final class JmxCounters {
    private static final Logger LOG = LoggerFactory.getLogger(JmxCounters.class);

    private JmxCounters() {
    }

    /** Replaces an MBean left under the same name. @return its name, or null if JMX refused it (logged) */
    static ObjectName publish(Object mbean, String type, String name) {
        try {
            ObjectName objectName = ObjectName.getInstance("org.rp:type=" + type + ",name=" + ObjectName.quote(name));
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
            server.registerMBean(mbean, objectName);
            return objectName;
        } catch (JMException e) {
            LOG.warn("No JMX counters for {} {}: {}", type, name, e.getMessage());
            return null;
        }
    }

    static void withdraw(ObjectName name) {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            LOG.debug("JMX counters {} already gone", name);
        }
    }

    static long total(Map<String, Long> byReason) {
        return byReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** e.g. {@code unknown_host=3 sniff_timeout=1} */
    static String text(Map<String, Long> byReason) {
        return byReason.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
