package org.rp.routes.listener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.rp.api.admin.Operations;

/** Per-rule counters shared by all listeners: connections (HTTP: upstream legs) relayed, and their bytes. */
public final class RuleCounters {
    private final Map<String, LongAdder[]> byRule = new ConcurrentHashMap<>();

    private LongAdder[] of(String rule) {
        return byRule.computeIfAbsent(rule, r -> new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()});
    }

    void relayed(String rule) {
        of(rule)[0].increment();
    }

    void bytes(String rule, long fromClient, long toClient) {
        LongAdder[] counters = of(rule);
        counters[1].add(fromClient);
        counters[2].add(toClient);
    }

    public List<Operations.RuleStats> snapshot() {
        return byRule.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Operations.RuleStats(e.getKey(), e.getValue()[0].sum(), e.getValue()[1].sum(),
                        e.getValue()[2].sum()))
                .toList();
    }
}
