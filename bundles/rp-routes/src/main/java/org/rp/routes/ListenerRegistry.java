package org.rp.routes;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.rp.routes.listener.ListenerRuntime;

/** The listeners running now, by name: what the operations services (certificate use, later connections) read. */
@Component(service = ListenerRegistry.class)
public class ListenerRegistry {
    private final ConcurrentHashMap<String, ListenerRuntime> listeners = new ConcurrentHashMap<>();

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
