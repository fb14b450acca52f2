package org.rp.routes.guard;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.net.InetAddress;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.routes.config.ListenerSettings;

public class ConnectionLimitsTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final ConnectionLimits limits = new ConnectionLimits();

    private static ListenerSettings settings(int max, int perSource, int newPerSecond) {
        return new ListenerSettings("l", "127.0.0.1", 1, EnumSet.of(Protocol.HTTP), false, "default", 5000, 16384,
                3600, max, perSource, newPerSecond);
    }

    @Test
    public void perSourceLimitLeavesOtherSourcesAlone() throws Exception {
        ListenerSettings s = settings(100, 2, 0);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        assertNull(limits.admit(a, s, 0));
        assertNull(limits.admit(a, s, 0));
        assertEquals(RejectReason.SOURCE_CONNECTION_LIMIT, limits.admit(a, s, 0));
        assertNull(limits.admit(b, s, 0));
        limits.release(a);
        assertNull("a closed connection frees its place", limits.admit(a, s, 0));
        assertEquals(3, limits.active());
    }

    @Test
    public void listenerLimitCountsEverySource() throws Exception {
        ListenerSettings s = settings(2, 10, 0);
        assertNull(limits.admit(InetAddress.getByName("192.0.2.1"), s, 0));
        assertNull(limits.admit(InetAddress.getByName("192.0.2.2"), s, 0));
        assertEquals(RejectReason.CONNECTION_LIMIT, limits.admit(InetAddress.getByName("192.0.2.3"), s, 0));
        assertEquals(2, limits.active());
    }

    @Test
    public void newConnectionsPerSecondPerSource() throws Exception {
        ListenerSettings s = settings(100, 100, 3);
        InetAddress a = InetAddress.getByName("2001:db8::1");
        long t = 10 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertNull(limits.admit(a, s, t));
            limits.release(a);
        }
        assertEquals(RejectReason.SOURCE_RATE_LIMIT, limits.admit(a, s, t + SECOND / 2));
        assertNull("a new second", limits.admit(a, s, t + SECOND));
        assertEquals(1, limits.active());
    }
}
