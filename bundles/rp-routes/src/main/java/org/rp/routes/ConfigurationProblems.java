package org.rp.routes;

import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Component;

/**
 * The configurations that were refused and why, by PID, until they are applied or deleted: the log says it once,
 * {@code rp:check} says it for as long as it holds.
 */
@Component(service = ConfigurationProblems.class)
public class ConfigurationProblems {
    private final Map<String, String> refused = new TreeMap<>();

    /** @param why what is wrong, and what stays in force instead */
    public synchronized void refused(String pid, String why) {
        refused.put(pid, why);
    }

    public synchronized void applied(String pid) {
        refused.remove(pid);
    }

    /** @return why each refused configuration was refused, by PID */
    public synchronized Map<String, String> all() {
        return new TreeMap<>(refused);
    }
}
