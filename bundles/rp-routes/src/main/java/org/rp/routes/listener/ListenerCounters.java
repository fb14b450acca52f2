package org.rp.routes.listener;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.rp.api.RejectReason;

/** Per-listener counters, named like Envoy's listener statistics. Cheap to update from any event loop. */
public final class ListenerCounters {
    private final LongAdder accepted = new LongAdder();
    private final LongAdder relayed = new LongAdder();
    private final LongAdder active = new LongAdder();
    private final LongAdder idleTimeouts = new LongAdder();
    private final LongAdder bytesFromClients = new LongAdder();
    private final LongAdder bytesToClients = new LongAdder();
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private final LatencyHistogram sniffTimes = new LatencyHistogram();

    public ListenerCounters() {
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, new LongAdder());
        }
    }

    void opened() {
        accepted.increment();
        active.increment();
    }

    void closed(long fromClient, long toClient) {
        active.decrement();
        bytesFromClients.add(fromClient);
        bytesToClients.add(toClient);
    }

    void relayed() {
        relayed.increment();
    }

    void idleTimeout() {
        idleTimeouts.increment();
    }

    void reject(RejectReason reason) {
        rejected.get(reason).increment();
    }

    void sniffed(long micros) {
        sniffTimes.record(micros);
    }

    /** @return microseconds from accept (or the end of the TLS handshake) to a recognised first message */
    public long sniffMicros(double percentile) {
        return sniffTimes.percentile(percentile);
    }

    /** @return refusals by reason name, reasons with a count only */
    public Map<String, Long> rejectedByReason() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        rejected.forEach((reason, n) -> {
            if (n.sum() > 0) {
                counts.put(reason.counterName(), n.sum());
            }
        });
        return counts;
    }

    public long accepted() {
        return accepted.sum();
    }

    public long relayedCount() {
        return relayed.sum();
    }

    public long active() {
        return active.sum();
    }

    public long idleTimeouts() {
        return idleTimeouts.sum();
    }

    public long rejected(RejectReason reason) {
        return rejected.get(reason).sum();
    }

    public long bytesFromClients() {
        return bytesFromClients.sum();
    }

    public long bytesToClients() {
        return bytesToClients.sum();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("accepted=").append(accepted()).append(" relayed=").append(relayedCount())
                .append(" active=").append(active()).append(" idle_timeouts=").append(idleTimeouts());
        rejected.forEach((reason, n) -> {
            long count = n.sum();
            if (count > 0) {
                s.append(" rejected_").append(reason.counterName()).append('=').append(count);
            }
        });
        return s.toString();
    }
}
