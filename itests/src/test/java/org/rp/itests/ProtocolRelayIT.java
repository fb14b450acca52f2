package org.rp.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HexFormat;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Every listener type live, fed with real first messages from the shared corpus: LDAP, H.323 (Setup and
 * H.460.17), SIP, TLS pass-through, and one listener for several protocols. What a rule allows arrives at the
 * upstream byte for byte (the echo upstream sends it back, so both directions are checked); what it does not allow
 * never opens an upstream connection, and is logged with its reason.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProtocolRelayIT {
    /** Set up once per container (Pax Exam runs each method as its own JUnit request inside Karaf). */
    private static EchoUpstream echo;
    private static TestUpstream web;
    private static int ldapPort;
    private static int h323Port;
    private static int sipPort;
    private static int edgePort;
    private static int passPort;
    /**
     * An H.225 Setup to destination aliases h323-ID {@code Bob@PBX.example.com} and dialledDigits 202 (from
     * alice, 201), as tshark decodes it; the corpus has no Setup that names a destination.
     */
    private static final byte[] SETUP_TO_BOB = HexFormat.of().parseHex("0300006b0802000105040388c0a57e005a05003006"
            + "0008914a00040240040061006c00690063006501005340200240120042006f00620040005000420058002e006500780061006d"
            + "0070006c0065002e0063006f006d010053500000000000000000000000000000000000");

    @Configuration
    public Option[] config() {
        return KarafConfig.options();
    }

    @Before
    public void listenersAndRules() throws IOException {
        if (echo != null) {
            return;
        }
        echo = new EchoUpstream();
        web = new TestUpstream();
        ldapPort = listener("ldap", "ldap");
        h323Port = listener("h323", "h323");
        sipPort = listener("sip", "sip");
        edgePort = listener("edge", "http, ldap, h323, sip");
        passPort = listener("pass", "tls");
        rule("directory", "example.com", "ldap, edge", echo.port());
        rule("gatekeeper", "pbx.example.com", "h323, edge", echo.port());
        rule("h323-default", "*", "h323", echo.port());
        rule("registrar", "sip.example.com", "sip, edge", echo.port());
        rule("passthrough", "pbx.example.com", "pass", echo.port());
        rule("web", "web.example.com", "edge", web.port());
        Etc.await("all listeners relaying", () -> relays(ldapPort, "ldap/lo_ldapsearch_admin.bin")
                && relays(h323Port, "h323/h46017_derived_facility_rrq_pbx.example.com.bin")
                && relays(sipPort, "sip/lo_sipp_register_domain.bin")
                && relays(edgePort, "sip/lo_sipp_register_domain.bin")
                && relays(passPort, "tls/lo_curl_pbx.example.com.bin"));
    }

    @Test
    public void ldapBindsByTheDomainOfTheirName() {
        assertRelayedByteForByte(ldapPort, "ldap/lo_ldapsearch_admin.bin");
        assertRelayedByteForByte(ldapPort, "ldap/zeek_add_admin_bind.bin");
        assertRefused(ldapPort, "ldap/zeek_simpleauth.bin", "reason=unknown_host");
        assertRefused(ldapPort, "ldap/lo_ldapsearch_anonymous_rootdse.bin", "reason=no_routing_key");
        assertRefused(ldapPort, "ldap/neg_version_5.bin", "reason=malformed");
        assertRefused(ldapPort, "ldap/neg_ber_length_2GiB.bin", "reason=oversize");
        assertRefused(ldapPort, "ldap/lo_haproxy_proxyv2_then_bind.bin", "reason=unknown_protocol");
    }

    @Test
    public void h323RegistersByGatekeeperAndCallsByDestination() {
        assertRelayedByteForByte(h323Port, "h323/h46017_derived_facility_rrq_pbx.example.com.bin");
        assertRelayedByteForByte(h323Port, "h323/h46017_derived_facility_grq_pbx.example.com.bin");
        assertRelayedByteForByte(h323Port, SETUP_TO_BOB, "Setup to Bob@PBX.example.com");
        // a Setup without destination alias goes to the listener's default rule
        assertRelayedByteForByte(h323Port, "h323/lo_ooh323c_setup_faststart_tunnel.bin");
        assertRefused(edgePort, "h323/ndpi_setup_m.jemec.bin", "reason=no_routing_key");
        assertRefused(h323Port, "h323/neg_tpkt_version_2.bin", "reason=malformed");
        assertRefused(h323Port, "h323/neg_tpkt_len_65535_oversized.bin", "reason=oversize");
    }

    @Test
    public void sipByTheRequestUriDomain() {
        assertRelayedByteForByte(sipPort, "sip/lo_sipp_register_domain.bin");
        assertRelayedByteForByte(sipPort, "sip/lo_sipsak_options_tcp.bin");
        assertRefused(sipPort, "sip/udp_wireshark_register_cybercity.bin", "reason=unknown_host");
        assertRefused(sipPort, "sip/neg_bad_request_uri.bin", "reason=malformed");
        assertRefused(sipPort, "sip/neg_header_64KiB.bin", "reason=oversize");
    }

    @Test
    public void tlsPassThroughRoutesBySniWithoutTerminating() {
        assertRelayedByteForByte(passPort, "tls/lo_curl_pbx.example.com.bin");
        assertRefused(passPort, "tls/git_github.com.bin", "reason=unknown_host");
        assertRefused(passPort, "tls/lo_testssl_no_sni.bin", "reason=no_routing_key");
        assertRefused(passPort, "tls/lo_nmap_or_testssl_sslv3.bin", "reason=unsupported_version");
        assertRefused(passPort, "tls/sslv2_clienthello.bin", "reason=unsupported_version");
    }

    @Test
    public void oneListenerForSeveralProtocolsAsksEverySniffer() throws IOException {
        assertRelayedByteForByte(edgePort, "ldap/lo_ldapsearch_admin.bin");
        assertRelayedByteForByte(edgePort, "h323/h46017_derived_facility_rrq_pbx.example.com.bin");
        assertRelayedByteForByte(edgePort, "sip/lo_sipp_register_domain.bin");
        try (HttpConnection c = new HttpConnection(edgePort)) {
            HttpConnection.Response r = c.send("GET /x HTTP/1.1\r\nHost: web.example.com\r\n\r\n").read();
            assertEquals(200, r.status());
            assertEquals("ok /x", r.text());
        }
        // TLS is not among this listener's protocols, and nothing else claims those bytes
        assertRefused(edgePort, "tls/lo_curl_pbx.example.com.bin", "reason=unknown_protocol");
        assertRefused(edgePort, "misc/neg_proxy_v1_line_only.bin", "reason=");
    }

    @Test
    public void aListenerRefusesProtocolsItDoesNotServe() {
        assertRefused(ldapPort, "sip/lo_sipp_register_domain.bin", "reason=unknown_protocol");
        assertRefused(sipPort, "ldap/lo_ldapsearch_admin.bin", "reason=unknown_protocol");
        assertRefused(h323Port, "tls/lo_curl_pbx.example.com.bin", "reason=unknown_protocol");
    }

    // ---- helpers

    private static int listener(String name, String protocols) {
        int port = Etc.freePort();
        Etc.write("rp.listener~" + name, "port = " + port + "\nbind = 127.0.0.1\nprotocols = " + protocols
                + "\nsniff.timeout.ms = " + KarafConfig.SNIFF_TIMEOUT_MS + "\n");
        return port;
    }

    private static void rule(String name, String host, String listeners, int targetPort) {
        Etc.write("rp.rule~" + name, "host = " + host + "\nlisteners = " + listeners + "\ntarget.host = 127.0.0.1\n"
                + "target.port = " + targetPort + "\n");
    }

    private static void assertRelayedByteForByte(int port, String file) {
        assertRelayedByteForByte(port, Samples.bytes(file), file);
    }

    /** Sends the message and expects it back from the echo upstream, unchanged; the upstream got exactly it. */
    private static void assertRelayedByteForByte(int port, byte[] bytes, String file) {
        int before = echo.connections();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(bytes);
            assertArrayEquals(file + " echoed", bytes, readExactly(socket.getInputStream(), bytes.length));
        } catch (IOException e) {
            throw new AssertionError(file + " on port " + port + ": " + e, e);
        }
        assertEquals(file + ": one upstream connection", before + 1, echo.connections());
        assertArrayEquals(file + " as the upstream received it", bytes, echo.receivedOn(before));
    }

    private static boolean relays(int port, String file) {
        try {
            assertRelayedByteForByte(port, file);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** Sends the sample; rp must close the connection without opening an upstream one, and log the reason. */
    private static void assertRefused(int port, String file, String logged) {
        byte[] bytes = Samples.bytes(file);
        int before = echo.connections();
        int rejectsBefore = rejectLines().length;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(KarafConfig.SNIFF_TIMEOUT_MS + 5000);
            try {
                socket.getOutputStream().write(bytes);
            } catch (IOException e) {
                // rp may close before a large first message is written: that is a refusal too
            }
            assertEquals(file + ": rp closes", -1, readToEnd(socket.getInputStream()));
        } catch (IOException e) {
            throw new AssertionError(file + " on port " + port + ": " + e, e);
        }
        assertEquals(file + ": no upstream connection", before, echo.connections());
        Etc.await("an access log rejection for " + file, () -> rejectLines().length > rejectsBefore);
        String line = rejectLines()[rejectsBefore];
        assertTrue(file + ": " + line, line.contains(" " + logged));
    }

    /** The rejection lines of the access log so far. */
    private static String[] rejectLines() {
        return Etc.accessLog().stream().filter(line -> line.contains(" reject listener=")).toArray(String[]::new);
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        int off = 0;
        while (off < length) {
            int n = in.read(bytes, off, length - off);
            if (n < 0) {
                throw new IOException("closed after " + off + " of " + length + " bytes");
            }
            off += n;
        }
        return bytes;
    }

    /** Reads until the end of the stream and returns -1, or fails if rp keeps the connection open. */
    private static int readToEnd(InputStream in) throws IOException {
        try {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // a refused protocol may get an answer (HTTP 403) before the close
            }
            return -1;
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            // reset by rp
            return -1;
        }
    }
}
