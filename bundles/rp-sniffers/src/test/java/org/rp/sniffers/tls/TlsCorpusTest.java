package org.rp.sniffers.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;
import org.rp.api.Facts;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.SniffResult.Kind;
import org.rp.sniffers.Corpus;
import org.rp.sniffers.Sniffing;

/** Every {@code tls} row of the conformance index, replayed whole and in 1- and 7-byte chunks. */
@RunWith(Parameterized.class)
public class TlsCorpusTest {
    private static final Sniffing SNIFFING = new Sniffing(new TlsSniffer());

    /** What the sniffer answers for each {@code expected} of the index. */
    private static final Map<String, Kind> KINDS = Map.of(
            "route", Kind.MATCH,
            // policy: a hello without SNI matches with no host; the route table rejects it (no-routing-key) unless
            // the listener has a default rule, which probes, phones and IP-literal clients need
            "reject(no-sni)", Kind.MATCH,
            "reject(sslv2)", Kind.REJECT,
            "reject(sslv3)", Kind.REJECT,
            "reject(malformed)", Kind.REJECT,
            "reject(oversized)", Kind.REJECT,
            // a prefix of a valid hello: the listener's sniff.timeout.ms ends it
            "reject(truncated)", Kind.NEED_MORE);

    private static final Map<String, RejectReason> REASONS = Map.of(
            "reject(sslv2)", RejectReason.UNSUPPORTED_VERSION,
            "reject(sslv3)", RejectReason.UNSUPPORTED_VERSION,
            "reject(malformed)", RejectReason.MALFORMED,
            "reject(oversized)", RejectReason.OVERSIZE);

    /**
     * The attributes of each matching sample as Wireshark 4.0.17 shows them: tls.handshake.version,
     * tls.handshake.extensions.supported_version without GREASE values, and whether extension 65037 (ECH) is there.
     */
    private static final Map<String, List<String>> WIRESHARK_ATTRIBUTES = Map.ofEntries(
            Map.entry("chrome125_x25519kyber_2segments", List.of("0x0303", "0x0304|0x0303", "true")),
            Map.entry("chrome34_google.de", List.of("0x0303", "-", "-")),
            Map.entry("chrome_www.iit.cnr.it", List.of("0x0303", "0x0304|0x0303|0x0302|0x0301", "-")),
            Map.entry("curl_www.ntop.org", List.of("0x0303", "-", "-")),
            Map.entry("ech_outer_sni_cloudflare", List.of("0x0303", "0x0304|0x0303", "true")),
            Map.entry("esni_and_sni_both", List.of("0x0303", "0x0304", "-")),
            Map.entry("esni_without_sni", List.of("0x0303", "0x0304|0x0303|0x0302|0x0301", "-")),
            Map.entry("facebook_ipv6_h2-14", List.of("0x0303", "-", "-")),
            Map.entry("git_github.com", List.of("0x0303", "-", "-")),
            Map.entry("lo_curl_pbx.example.com", List.of("0x0303", "0x0304|0x0303|0x0302|0x0301", "-")),
            Map.entry("lo_https_client_111s", List.of("0x0303", "0x0304|0x0303", "-")),
            Map.entry("lo_ldapsearch_ldaps", List.of("0x0303", "0x0304|0x0303|0x0302|0x0301", "-")),
            Map.entry("lo_sipsak_sip_tls_nosni", List.of("0x0303", "0x0304|0x0303|0x0302|0x0301", "-")),
            Map.entry("lo_testssl_no_sni", List.of("0x0303", "-", "-")),
            Map.entry("openjdk25_zeek.org", List.of("0x0303", "0x0304|0x0303", "-")),
            Map.entry("safari_www.iit.cnr.it", List.of("0x0303", "-", "-")),
            Map.entry("safari_www.ntop.org", List.of("0x0303", "-", "-")),
            Map.entry("tls13_ech_cloudflare-ech.com", List.of("0x0303", "0x0304|0x0303", "true")));

    private final Corpus.Sample sample;

    public TlsCorpusTest(Corpus.Sample sample) {
        this.sample = sample;
    }

    @Parameters(name = "{0}")
    public static List<Corpus.Sample> samples() {
        return Corpus.samplesOf("tls");
    }

    @Test
    public void answersAsTheIndexExpects() {
        SniffResult answer = SNIFFING.replay(sample, KINDS, REASONS);
        if (answer != null && answer.kind() == Kind.MATCH) {
            assertFacts(answer.facts());
        }
    }

    private void assertFacts(Facts facts) {
        assertEquals(Protocol.TLS, facts.protocol());
        Map<String, String> keys = sample.routingKeys();
        String sni = keys.get("tls.sni");
        if ("<none>".equals(sni)) {
            assertNull("sni", facts.sni());
        } else {
            assertEquals("sni", sni, facts.sni());
        }
        assertEquals("host", facts.sni(), facts.host());
        String alpn = keys.get("tls.alpn");
        assertEquals("alpn", alpn == null ? List.of() : Arrays.asList(alpn.split("\\|")), facts.alpn());

        String name = sample.file().substring(sample.file().lastIndexOf('/') + 1).replace(".bin", "");
        List<String> attributes = WIRESHARK_ATTRIBUTES.get(name);
        assertNotNull("no Wireshark attributes noted for " + name, attributes);
        assertEquals("tls.handshake.version", attributes.get(0), facts.attribute("tls.handshake.version"));
        assertEquals("tls.supported_versions", orNull(attributes.get(1)), facts.attribute("tls.supported_versions"));
        assertEquals("tls.ech", orNull(attributes.get(2)), facts.attribute("tls.ech"));
    }

    private static String orNull(String value) {
        return "-".equals(value) ? null : value;
    }
}
