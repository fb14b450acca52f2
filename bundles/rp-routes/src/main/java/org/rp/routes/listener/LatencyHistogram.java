package org.rp.routes.listener;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Durations in microseconds, counted in buckets eight to a power of two (so a percentile is within 12.5 %), from
 * any thread without locks. Small and fixed: 8 x 40 buckets cover up to days.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 3;
    private static final int SUBS = 1 << SUB_BITS;
    private final AtomicLongArray counts = new AtomicLongArray(SUBS * 41);

    void record(long micros) {
        counts.incrementAndGet(index(Math.max(0, micros)));
    }

    /** @return the upper bound of the bucket holding the {@code percentile}th value, or 0 if nothing was recorded */
    long percentile(double percentile) {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * percentile / 100.0);
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return upperBound(counts.length() - 1);
    }

    static int index(long micros) {
        if (micros < SUBS) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        int sub = (int) (micros >>> (exponent - SUB_BITS)) & (SUBS - 1);
        return Math.min((exponent - SUB_BITS + 1) * SUBS + sub, SUBS * 41 - 1);
    }

    static long upperBound(int index) {
        if (index < SUBS) {
            return index;
        }
        int exponent = index / SUBS + SUB_BITS - 1;
        long sub = index % SUBS;
        return ((SUBS + sub + 1) << (exponent - SUB_BITS)) - 1;
    }
}
