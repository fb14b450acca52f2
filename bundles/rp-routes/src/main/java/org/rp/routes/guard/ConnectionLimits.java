package org.rp.routes.guard;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.rp.api.RejectReason;
import org.rp.routes.config.ListenerSettings;

/**
 * One listener's connection limits, checked at accept: connections at once, connections at once per source, and
 * new connections per second per source. The bookkeeping per source lives while the source has connections open
 * or opened one within the last second.
 */
public final class ConnectionLimits {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicInteger active = new AtomicInteger();
    private final Map<InetAddress, Source> sources = new ConcurrentHashMap<>();

    private static final class Source {
        int active;
        long secondStart;
        int openedThisSecond;
    }

    /**
     * Admits a new connection or says which limit it hits. An admitted connection must be {@link #release}d when it
     * closes.
     */
    public RejectReason admit(InetAddress source, ListenerSettings settings, long nowNanos) {
        if (active.incrementAndGet() > settings.maxConnections()) {
            active.decrementAndGet();
            return RejectReason.CONNECTION_LIMIT;
        }
        if (sources.size() > 2 * settings.maxConnections()) {
            sources.values().removeIf(s -> idle(s, nowNanos));
        }
        Source counts = sources.computeIfAbsent(source, s -> new Source());
        synchronized (counts) {
            if (nowNanos - counts.secondStart >= SECOND) {
                counts.secondStart = nowNanos;
                counts.openedThisSecond = 0;
            }
            RejectReason refused = null;
            if (counts.active >= settings.maxConnectionsPerSource()) {
                refused = RejectReason.SOURCE_CONNECTION_LIMIT;
            } else if (settings.maxNewConnectionsPerSecondPerSource() > 0
                    && counts.openedThisSecond >= settings.maxNewConnectionsPerSecondPerSource()) {
                refused = RejectReason.SOURCE_RATE_LIMIT;
            }
            if (refused != null) {
                active.decrementAndGet();
                return refused;
            }
            counts.active++;
            counts.openedThisSecond++;
            return null;
        }
    }

    public void release(InetAddress source) {
        active.decrementAndGet();
        Source counts = sources.get(source);
        if (counts != null) {
            synchronized (counts) {
                counts.active--;
            }
        }
    }

    public int active() {
        return active.get();
    }

    private static boolean idle(Source counts, long nowNanos) {
        synchronized (counts) {
            return counts.active == 0 && nowNanos - counts.secondStart >= SECOND;
        }
    }
}
