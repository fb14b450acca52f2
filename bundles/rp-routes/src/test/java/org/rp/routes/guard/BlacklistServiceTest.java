package org.rp.routes.guard;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.Test;
import org.rp.api.RejectReason;

public class BlacklistServiceTest {
    private final MutableClock clock = new MutableClock();
    /** What etc/rp.blacklist.cfg's static would say after each save. */
    private final List<String> saved = new ArrayList<>();
    private final BlacklistService blacklist = new BlacklistService(clock,
            ranges -> saved.add(ranges.stream().map(AddressRange::text).collect(Collectors.joining(", "))));

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private void configure(String... keysAndValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        blacklist.configure(properties);
    }

    @Test
    public void moreSuspiciousMessagesThanTheThresholdInAMinuteBlockForTheBlockTime() throws Exception {
        configure("suspicious.per.minute", "3", "block.minutes", "10");
        InetAddress scanner = ip("203.0.113.7");
        for (int i = 0; i < 3; i++) {
            blacklist.rejected(scanner, RejectReason.UNKNOWN_HOST);
            clock.advance(Duration.ofSeconds(5));
        }
        assertFalse("three is the threshold, not over it", blacklist.isBlocked(scanner));
        blacklist.rejected(scanner, RejectReason.PATH_NOT_ALLOWED);
        assertTrue(blacklist.isBlocked(scanner));
        assertFalse(blacklist.isBlocked(ip("203.0.113.8")));
        assertEquals("203.0.113.7/32", blacklist.entries().get(0).range());
        clock.advance(Duration.ofMinutes(10));
        assertFalse("the block has expired", blacklist.isBlocked(scanner));
        assertTrue(blacklist.entries().isEmpty());
    }

    @Test
    public void suspiciousMessagesOlderThanAMinuteDoNotCount() throws Exception {
        configure("suspicious.per.minute", "2");
        InetAddress phone = ip("198.51.100.20");
        for (int i = 0; i < 10; i++) {
            blacklist.rejected(phone, RejectReason.SNIFF_TIMEOUT);
            clock.advance(Duration.ofSeconds(31));
        }
        assertFalse(blacklist.isBlocked(phone));
    }

    @Test
    public void onlySuspiciousReasonsCountAndExemptSourcesAreNeverBlocked() throws Exception {
        configure("suspicious.per.minute", "1", "exempt", "10.0.0.0/8, 2001:db8::/32");
        for (int i = 0; i < 5; i++) {
            blacklist.rejected(ip("192.0.2.1"), RejectReason.UPSTREAM_UNREACHABLE);
            blacklist.rejected(ip("10.1.2.3"), RejectReason.MALFORMED);
            blacklist.rejected(ip("2001:db8::1"), RejectReason.MALFORMED);
        }
        assertFalse(blacklist.isBlocked(ip("192.0.2.1")));
        assertFalse(blacklist.isBlocked(ip("10.1.2.3")));
        assertFalse(blacklist.isBlocked(ip("2001:db8::1")));
    }

    @Test
    public void staticAndManualRangesBlockIpv4AndIpv6() throws Exception {
        configure("static", "198.51.100.0/24, 2001:db8:bad::/48");
        assertTrue(blacklist.isBlocked(ip("198.51.100.99")));
        assertTrue(blacklist.isBlocked(ip("2001:db8:bad::1")));
        assertFalse(blacklist.isBlocked(ip("2001:db8:600d::1")));
        blacklist.block("192.0.2.0/25", clock.instant().plus(Duration.ofHours(1)), null);
        assertTrue(blacklist.isBlocked(ip("192.0.2.100")));
        assertFalse(blacklist.isBlocked(ip("192.0.2.200")));
        assertEquals(3, blacklist.entries().size());
        assertTrue(blacklist.unblock("192.0.2.0/25"));
        assertFalse(blacklist.isBlocked(ip("192.0.2.100")));
        assertEquals("a block for a while is not saved", List.of(), saved);
    }

    @Test
    public void aBlockUntilRemovedIsKeptInStaticAndRemovedFromIt() throws Exception {
        configure("static", "198.51.100.0/24");
        assertEquals("static", blacklist.block("192.0.2.7", null, "manual").reason());
        assertEquals(List.of("198.51.100.0/24, 192.0.2.7/32"), saved);
        assertTrue("in force before the saved configuration comes back", blacklist.isBlocked(ip("192.0.2.7")));
        // ConfigAdmin hands the saved configuration back
        configure("static", saved.get(0));
        assertEquals(List.of("198.51.100.0/24", "192.0.2.7/32"),
                blacklist.entries().stream().map(e -> e.range() + "").toList());
        blacklist.block("192.0.2.7/32", null, "manual");
        assertEquals("already kept: not saved again", 1, saved.size());

        assertTrue(blacklist.unblock("198.51.100.0/24"));
        assertEquals("192.0.2.7/32", saved.get(1));
        assertFalse(blacklist.isBlocked(ip("198.51.100.1")));
        assertFalse(blacklist.unblock("198.51.100.0/24"));
    }

    @Test
    public void aBadConfigurationKeepsTheSettingsInForce() throws Exception {
        configure("static", "198.51.100.0/24");
        configure("static", "pbx.example.com", "suspicious.per.minute", "-1");
        assertTrue(blacklist.isBlocked(ip("198.51.100.1")));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aNameIsNoRange() {
        blacklist.block("evil.example.com", null, null);
    }

    @Test
    public void rangesAreWrittenCanonically() {
        assertEquals("2001:db8:0:0:0:0:0:0/32", AddressRange.parse(" 2001:db8::/32 ").text());
        assertEquals("192.0.2.1/32", AddressRange.parse("192.0.2.1").text());
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-24T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
