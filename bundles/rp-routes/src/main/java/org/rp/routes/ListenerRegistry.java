package org.rp.routes;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.rp.routes.listener.ListenerRuntime;
import org.rp.routes.listener.RuleCounters;

/** The listeners running now, by name, and the rule counters: what the operations services read. */
@Component(service = ListenerRegistry.class)
public class ListenerRegistry {
    private final ConcurrentHashMap<String, ListenerRuntime> listeners = new ConcurrentHashMap<>();
    private final RuleCounters ruleCounters = new RuleCounters();

    /** The rule counters, shared by all listeners so a rule's figures add up across them. */
    public RuleCounters ruleCounters() {
        return ruleCounters;
    }

    void add(ListenerRuntime listener) {
        listeners.put(listener.name(), listener);
    }

    void remove(ListenerRuntime listener) {
        listeners.remove(listener.name(), listener);
    }

    /** @return the running listeners, sorted by name */
    public List<ListenerRuntime> all() {
        return listeners.values().stream().sorted(Comparator.comparing(ListenerRuntime::name)).toList();
    }
}
