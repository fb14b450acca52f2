package org.rp.certs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.rp.certs.TestPki.bytes;
import static org.rp.certs.TestPki.pem;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.Test;
import org.rp.api.cert.CertificateInfo;

/** Which host names a certificate covers, by RFC 6125, read from real certificates. */
public class CoverageTest extends StoreFixture {

    /** A certificate with this CN and these alternative names (DNS, or "ip:" + address), imported into a store. */
    private CertificateInfo certificate(String cn, String... alternativeNames) {
        KeyPair keys = TestPki.ec();
        String pem = pem(TestPki.issue(null, cn, keys, false, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(10)), List.of(alternativeNames)));
        return store.importCertificate("tested", bytes(pem, TestPki.pkcs8Key(keys.getPrivate())), null);
    }

    private static void assertCovers(CertificateInfo certificate, String... hosts) {
        for (String host : hosts) {
            assertTrue(certificate.dnsNames() + " " + certificate.ipAddresses() + " covers " + host,
                    certificate.covers(host));
        }
    }

    private static void assertCoversNot(CertificateInfo certificate, String... hosts) {
        for (String host : hosts) {
            assertFalse(certificate.dnsNames() + " " + certificate.ipAddresses() + " does not cover " + host,
                    certificate.covers(host));
        }
    }

    @Test
    public void exactNamesMatchIgnoringCaseAndTrailingDot() {
        CertificateInfo certificate = certificate("ignored.example.com", "PBX.Example.com", "ap.example.com.");
        assertEquals(List.of("pbx.example.com", "ap.example.com."), certificate.dnsNames());
        assertCovers(certificate, "pbx.example.com", "PBX.EXAMPLE.COM", "pbx.example.com.", "ap.example.com");
        assertCoversNot(certificate, "example.com", "x.pbx.example.com", "pbx.example.co", "ignored.example.com", "",
                null, ".");
    }

    @Test
    public void wildcardStandsForExactlyOneLeftMostLabel() {
        CertificateInfo certificate = certificate("x", "*.example.com");
        assertCovers(certificate, "a.example.com", "A.Example.Com.", "xn--bcher-kva.example.com");
        assertCoversNot(certificate, "example.com", "a.b.example.com", ".example.com", "aexample.com",
                "a.example.org", "a.example.com.evil.org");
    }

    @Test
    public void otherWildcardsCoverNothing() {
        assertCoversNot(certificate("x", "a*.example.com"), "a.example.com", "ab.example.com", "a*.example.com");
        assertCoversNot(certificate("x", "*.*.example.com"), "a.b.example.com", "a.example.com", "*.*.example.com");
        assertCoversNot(certificate("x", "x.*.example.com"), "x.a.example.com", "x.*.example.com");
        assertCoversNot(certificate("x", "*"), "a", "com");
        assertCoversNot(certificate("x", "*.com"), "example.com");
        assertCoversNot(certificate("x", "*example.com"), "www.example.com", "example.com");
    }

    @Test
    public void wildcardRuleNameIsCoveredBySameWildcardOnly() {
        assertCovers(certificate("x", "*.example.com"), "*.example.com");
        assertCoversNot(certificate("x", "a.example.com"), "*.example.com");
        assertCoversNot(certificate("x", "*.example.com"), "*.a.example.com", "*.com");
    }

    @Test
    public void ipLiteralsMatchIpAlternativeNamesOnly() {
        CertificateInfo certificate = certificate("203.0.113.99", "ip:203.0.113.10", "ip:2001:db8::10",
                "203.0.113.20", "pbx.example.com");
        assertEquals(List.of("203.0.113.10", "2001:db8:0:0:0:0:0:10"), certificate.ipAddresses());
        assertCovers(certificate, "203.0.113.10", "2001:db8::10", "[2001:DB8:0::10]", "2001:0db8:0:0:0:0:0:0010",
                "pbx.example.com");
        // a DNS name that spells an address, and the CN, do not count for an IP literal
        assertCoversNot(certificate, "203.0.113.20", "203.0.113.99", "203.0.113.1", "2001:db8::11", "203.0.113.010");
    }

    @Test
    public void dnsNameDoesNotMatchIpAlternativeName() {
        assertCoversNot(certificate("x", "ip:203.0.113.10"), "x", "203.0.113.10.example.com");
    }

    @Test
    public void commonNameCountsOnlyWithoutAlternativeNames() {
        CertificateInfo cnOnly = certificate("PBX.example.com");
        assertEquals("PBX.example.com", cnOnly.commonName());
        assertCovers(cnOnly, "pbx.example.com");
        assertCoversNot(cnOnly, "a.pbx.example.com");
        assertCovers(certificate("*.example.com"), "a.example.com");
        assertCoversNot(certificate("pbx.example.com", "ap.example.com"), "pbx.example.com");
        assertCoversNot(certificate("pbx.example.com", "ip:203.0.113.10"), "pbx.example.com");
        assertCoversNot(certificate("203.0.113.10"), "203.0.113.10");
    }

    @Test
    public void expiresWithinComparesTheEndOfValidity() {
        CertificateInfo certificate = certificate("x", "x.example.com");
        Instant now = Instant.now();
        assertFalse(certificate.expiresWithin(Duration.ofDays(9), now));
        assertTrue(certificate.expiresWithin(Duration.ofDays(11), now));
        assertTrue("expired already", certificate.expiresWithin(Duration.ZERO, now.plus(Duration.ofDays(11))));
        assertTrue("at the last instant", certificate.expiresWithin(Duration.ZERO, certificate.notAfter()));
        assertFalse(certificate.expiresWithin(Duration.ZERO, certificate.notAfter().minusSeconds(1)));
    }
}
