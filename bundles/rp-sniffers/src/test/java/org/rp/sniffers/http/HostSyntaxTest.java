package org.rp.sniffers.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;

import org.junit.Test;
import org.rp.sniffers.Sniffing;

/** The host grammar on its own, where the sniffer tests would need one request per spelling. */
public class HostSyntaxTest {

    @Test
    public void acceptsNamesAddressesAndPorts() {
        for (String host : new String[] {"pbx.example.com", "PBX.example.com.", "pbx.example.com:8443", "my_host",
                "192.0.2.1", "192.0.2.1:80", "0.0.0.0", "[::1]", "[::1]:8080", "[2001:db8::]", "[::ffff:192.0.2.1]",
                "[1:2:3:4:5:6:7:8]", "[1:2:3:4:5:6:192.0.2.1]", "[1::]", "[1:2:3:4:5:6:7::]", "a:65535", "a:0"}) {
            assertNull(host, HostSyntax.problem(buffer(host), 0, host.length()));
        }
    }

    @Test
    public void refusesWhatCouldNameAHostTwoWays() {
        String[][] cases = {
            {"user@pbx.example.com", "userinfo in host"},
            {"pbx.example.com:", "invalid port in host"},
            {"pbx.example.com:123456", "invalid port in host"},
            {"pbx.example.com:80x", "invalid port in host"},
            {".example.com", "empty label in host"},
            {".", "empty label in host"},
            {"pbx%2eexample.com", "invalid character in host"},
            {"pbx.example.com!", "invalid character in host"},
            {"1.2.3", "invalid IPv4 address in host"},
            {"1.2.3.256", "invalid IPv4 address in host"},
            {"1.2.3.4.5", "invalid IPv4 address in host"},
            {"example.1", "invalid IPv4 address in host"},
            {"[1:2:3:4:5:6:7:8:9]", "invalid IPv6 literal in host"},
            {"[1:2:3:4:5:6:7]", "invalid IPv6 literal in host"},
            {"[12345::]", "invalid IPv6 literal in host"},
            {"[:1]", "invalid IPv6 literal in host"},
            {"[1:]", "invalid IPv6 literal in host"},
            {"[1:2:3:4:5:6:7:1.2.3.4]", "invalid IPv6 literal in host"},
            {"[]", "invalid IPv6 literal in host"},
            {"[::1", "unterminated IPv6 literal in host"},
            {"[::1]x", "invalid port in host"},
            {"a".repeat(255), "host name too long"},
        };
        for (String[] c : cases) {
            assertEquals(c[0], c[1], HostSyntax.problem(buffer(c[0]), 0, c[0].length()));
        }
    }

    @Test
    public void findsTheNameWithoutBracketsPortOrTrailingDot() {
        assertName("::1", "[::1]:8080");
        assertName("pbx.example.com", "pbx.example.com.:80");
        assertName("pbx.example.com", "pbx.example.com");
    }

    @Test
    public void readsIpv4Strictly() {
        assertTrue(HostSyntax.isIpv4(buffer("255.255.255.255"), 0, 15));
        assertFalse(HostSyntax.isIpv4(buffer("01.2.3.4"), 0, 8));
        assertFalse(HostSyntax.isIpv4(buffer("1.2.3."), 0, 6));
    }

    private static void assertName(String name, String host) {
        ByteBuffer in = buffer(host);
        int start = HostSyntax.nameStart(in, 0);
        int end = HostSyntax.nameEnd(in, 0, host.length());
        assertEquals(name, host.substring(start, end));
    }

    private static ByteBuffer buffer(String text) {
        return ByteBuffer.wrap(Sniffing.bytes(text)).asReadOnlyBuffer();
    }
}
