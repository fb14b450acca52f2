package org.rp.certs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import org.junit.Test;
import org.rp.api.cert.CertificateInfo;
import org.rp.api.cert.KeyType;

public class GenerateTest extends StoreFixture {

    @Test
    public void generatesEveryKeyType() throws Exception {
        for (KeyType type : KeyType.values()) {
            CertificateInfo info = store.generateSelfSigned("t", type, "t.example.com", List.of(), List.of(), 1);
            assertEquals(type.label(), info.keyType());
            X509Certificate certificate = store.keyed("t").orElseThrow().leaf();
            certificate.verify(certificate.getPublicKey());
            assertTrue(Keys.belongTogether(store.keyed("t").orElseThrow().privateKey(), certificate.getPublicKey()));
        }
    }

    @Test
    public void selfSignedCertificateServesAndIdentifiesAsServerAndClient() throws Exception {
        CertificateInfo info = store.generateSelfSigned("pbx", null, "pbx.example.com", List.of("*.pbx.example.com"),
                List.of("203.0.113.10"), 30);
        X509Certificate certificate = store.keyed("pbx").orElseThrow().leaf();
        assertEquals(List.of("pbx.example.com", "*.pbx.example.com"), info.dnsNames());
        assertEquals(List.of("203.0.113.10"), info.ipAddresses());
        assertTrue(info.selfSigned());
        assertEquals("CN=pbx.example.com", info.issuer());
        assertEquals(Duration.ofDays(30).plusHours(1), Duration.between(info.notBefore(), info.notAfter()));
        assertEquals(-1, certificate.getBasicConstraints());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), certificate.getExtendedKeyUsage());
        assertTrue("digitalSignature", certificate.getKeyUsage()[0]);
        assertTrue(info.covers("a.pbx.example.com"));
        assertTrue(info.covers("203.0.113.10"));
        assertEquals(95, info.sha256Fingerprint().length());
        assertTrue(info.sha256Fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"));
    }

    @Test
    public void commonNameThatIsAnAddressBecomesAnAddressName() {
        CertificateInfo info = store.generateSelfSigned("ip", null, "2001:DB8::1", List.of(), List.of("2001:db8::1"),
                1);
        assertEquals(List.of(), info.dnsNames());
        assertEquals(List.of("2001:db8:0:0:0:0:0:1"), info.ipAddresses());
    }

    @Test
    public void blankCommonNameIsTheConfiguredDefault() {
        assertEquals("CN=rp.test.example", store.generateSelfSigned("a", null, " ", List.of(), List.of(), 1).subject());
        assertEquals("CN=rp.test.example", store.generateSelfSigned("b", null, null, null, null, 1).subject());
    }

    @Test
    public void commonNameIsEscapedNotInterpreted() {
        CertificateInfo info = store.generateSelfSigned("odd", null, "PBX, O=Evil", List.of(), List.of(), 1);
        assertEquals("PBX, O=Evil", info.commonName());
        assertEquals("CN=PBX\\, O\\=Evil", info.subject());
        assertEquals(List.of(), info.dnsNames());
    }

    @Test
    public void refusesBadInput() {
        assertEquals("generate 'x': validity of 0 days is not allowed; give 1 to 3650 days",
                refusal(() -> store.generateSelfSigned("x", null, "x.example.com", List.of(), List.of(), 0)));
        assertTrue(refusal(() -> store.generateSelfSigned("x", null, "x.example.com", List.of(), List.of(), 3651))
                .contains("give 1 to 3650 days"));
        for (String dns : new String[]{"a..example.com", "-a.example.com", "a_b.example.com", "*.com",
                "a.*.example.com", "*", "a b.example.com", "a".repeat(64) + ".example.com", ""}) {
            assertTrue(dns, refusal(() -> store.generateSelfSigned("x", null, "x", List.of(dns), List.of(), 1))
                    .startsWith("generate 'x': DNS name '" + dns + "' is not a host name or *. wildcard"));
        }
        for (String ip : new String[]{"203.0.113", "203.0.113.0/24", "pbx.example.com", "2001:db8::1%eth0", "::g"}) {
            assertEquals("generate 'x': IP address '" + ip + "' is not an IPv4 or IPv6 address; give e.g. 203.0.113.10"
                            + " or 2001:db8::10",
                    refusal(() -> store.generateSelfSigned("x", null, "x", List.of(), List.of(ip), 1)));
        }
        assertTrue(refusal(() -> store.createCsr("x", null, "x".repeat(65), List.of(), List.of()))
                .startsWith("request 'x': common name '" + "x".repeat(65) + "' must have 1 to 64 characters"));
        List<String> many = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "h" + i + ".example.com").toList();
        assertTrue(refusal(() -> store.createCsr("x", null, "x", many, List.of())).contains("102 names are more than"));
    }
}
