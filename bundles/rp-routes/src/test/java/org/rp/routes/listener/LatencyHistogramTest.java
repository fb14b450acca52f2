package org.rp.routes.listener;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class LatencyHistogramTest {

    @Test
    public void everyValueFallsInABucketWhoseBoundIsWithinAnEighth() {
        for (long micros : new long[] {0, 1, 7, 8, 9, 15, 16, 100, 1000, 123_456, 10_000_000_000L}) {
            long bound = LatencyHistogram.upperBound(LatencyHistogram.index(micros));
            assertTrue(micros + " <= " + bound, micros <= bound);
            assertTrue(micros + " bound " + bound, bound <= micros + micros / 8 + 1);
        }
    }

    @Test
    public void percentilesOfKnownValues() {
        LatencyHistogram histogram = new LatencyHistogram();
        assertEquals(0, histogram.percentile(50));
        for (int i = 1; i <= 100; i++) {
            histogram.record(i <= 98 ? 100 : 10_000);
        }
        assertEquals(LatencyHistogram.upperBound(LatencyHistogram.index(100)), histogram.percentile(50));
        assertEquals(LatencyHistogram.upperBound(LatencyHistogram.index(10_000)), histogram.percentile(99));
    }
}
