package org.rp.routes.listener;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;

import org.rp.api.RejectReason;
import org.rp.api.admin.Operations;

/**
 * Per-rule counters shared by all listeners: connections (HTTP: upstream legs) relayed, what the rule refused by
 * reason, and bytes.
 */
public final class RuleCounters {
    private final Map<String, Figures> byRule = new ConcurrentHashMap<>();

    private static final class Figures {
        final LongAdder relayed = new LongAdder();
        final LongAdder bytesIn = new LongAdder();
        final LongAdder bytesOut = new LongAdder();
        final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);

        Figures() {
            for (RejectReason reason : RejectReason.values()) {
                rejected.put(reason, new LongAdder());
            }
        }
    }

    private Figures of(String rule) {
        return byRule.computeIfAbsent(rule, r -> new Figures());
    }

    void relayed(String rule) {
        of(rule).relayed.increment();
    }

    void rejected(String rule, RejectReason reason) {
        of(rule).rejected.get(reason).increment();
    }

    void bytes(String rule, long fromClient, long toClient) {
        Figures figures = of(rule);
        figures.bytesIn.add(fromClient);
        figures.bytesOut.add(toClient);
    }

    /** @param active a rule's connections open now */
    public List<Operations.RuleStats> snapshot(ToLongFunction<String> active) {
        return byRule.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> {
                    Figures figures = e.getValue();
                    Map<String, Long> rejected = new LinkedHashMap<>();
                    figures.rejected.forEach((reason, count) -> {
                        if (count.sum() > 0) {
                            rejected.put(reason.counterName(), count.sum());
                        }
                    });
                    return new Operations.RuleStats(e.getKey(), figures.relayed.sum(), active.applyAsLong(e.getKey()),
                            rejected, figures.bytesIn.sum(), figures.bytesOut.sum());
                })
                .toList();
    }
}
