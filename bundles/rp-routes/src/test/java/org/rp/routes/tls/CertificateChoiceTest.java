package org.rp.routes.tls;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.Test;
import org.rp.api.cert.CertificateInfo;

/** Which certificate a TLS listener presents for a client's SNI. */
public class CertificateChoiceTest {
    private static CertificateInfo certificate(String name, String... dnsNames) {
        return new CertificateInfo(name, "CN=" + dnsNames[0], dnsNames[0], "CN=ca", List.of(dnsNames), List.of(),
                "EC P-256", Instant.EPOCH, Instant.MAX, "00", 1, false, false);
    }

    private static final List<CertificateInfo> STORE = List.of(
            certificate("a-ecdsa", "pbx.example.com"),
            certificate("b-rsa", "pbx.example.com"),
            certificate("default", "rp.invalid"),
            certificate("wild", "*.example.com"));

    @Test
    public void theListenersOwnCertificateWinsWhenItCoversTheName() {
        assertEquals("b-rsa", TlsContexts.certificateFor("pbx.example.com", "b-rsa", STORE));
        assertEquals("wild", TlsContexts.certificateFor("pbx.example.com", "wild", STORE));
    }

    @Test
    public void elseAnExactNameThenAWildcardThenTheListenersOwn() {
        assertEquals("a-ecdsa", TlsContexts.certificateFor("PBX.example.com", "default", STORE));
        assertEquals("wild", TlsContexts.certificateFor("ap.example.com", "default", STORE));
        assertEquals("default", TlsContexts.certificateFor("other.example.org", "default", STORE));
        assertEquals("default", TlsContexts.certificateFor(null, "default", STORE));
    }
}
