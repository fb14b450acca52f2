package org.rp.certs;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.rp.certs.TestPki.bytes;
import static org.rp.certs.TestPki.pem;

import java.io.StringReader;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.Test;
import org.rp.api.cert.CertificateInfo;
import org.rp.api.cert.KeyType;

public class RequestTest extends StoreFixture {
    private static final TestPki.Issued CA = TestPki.rootCa("rp test ca");


    private static PKCS10CertificationRequest parse(String pem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return (PKCS10CertificationRequest) parser.readObject();
        }
    }

    private static X509Certificate answer(String csrPem, Duration validity) {
        return TestPki.answer(csrPem, CA, validity);
    }

    @Test
    public void requestCarriesCommonNameAndAlternativeNamesAndIsSigned() throws Exception {
        String csr = store.createCsr("pbx", KeyType.EC_P384, "pbx.example.com", List.of("WWW.example.com.",
                "*.apps.example.com"), List.of("203.0.113.10", "2001:db8::10"));
        assertTrue(csr.startsWith("-----BEGIN CERTIFICATE REQUEST-----"));
        PKCS10CertificationRequest request = parse(csr);
        assertEquals("pbx.example.com", IETFUtils.valueToString(request.getSubject().getRDNs(BCStyle.CN)[0]
                .getFirst().getValue()));
        assertTrue("signature", request.isSignatureValid(new JcaContentVerifierProviderBuilder()
                .setProvider(new BouncyCastleProvider()).build(request.getSubjectPublicKeyInfo())));
        List<String> dns = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        Extensions extensions = Extensions.getInstance(request.getAttributes(
                PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0].getAttributeValues()[0]);
        for (GeneralName name : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName).getNames()) {
            if (name.getTagNo() == GeneralName.dNSName) {
                dns.add(name.getName().toString());
            } else {
                ips.add(InetAddress.getByAddress(ASN1OctetString.getInstance(name.getName()).getOctets()));
            }
        }
        assertEquals(List.of("pbx.example.com", "www.example.com", "*.apps.example.com"), dns);
        assertEquals(List.of(InetAddress.getByName("203.0.113.10"), InetAddress.getByName("2001:db8::10")), ips);
        assertEquals("EC P-384", store.info("pbx").orElseThrow().keyType());
    }

    @Test
    public void pendingRequestWithoutCertificateIsListedButServesNothing() {
        store.createCsr("pbx", null, "pbx.example.com", List.of(), List.of("203.0.113.10"));
        CertificateInfo info = store.info("pbx").orElseThrow();
        assertTrue(info.pendingCsr());
        assertEquals(0, info.chainLength());
        assertEquals("CN=pbx.example.com", info.subject());
        assertEquals(List.of("pbx.example.com"), info.dnsNames());
        assertEquals(List.of("203.0.113.10"), info.ipAddresses());
        assertEquals("EC P-256", info.keyType());
        assertNull(info.notAfter());
        assertFalse(info.covers("pbx.example.com"));
        assertTrue(store.keyed("pbx").isEmpty());
        assertTrue(store.list().contains(info));
    }

    @Test
    public void installsMatchingAnswerInAnyOrderWithItsIssuers() {
        String csr = store.createCsr("pbx", KeyType.RSA_2048, "pbx.example.com", List.of(), List.of());
        X509Certificate issued = answer(csr, Duration.ofDays(90));
        CertificateInfo info = store.install("pbx", bytes(pem(CA.certificate(), issued)));
        assertFalse(info.pendingCsr());
        assertEquals(2, info.chainLength());
        assertEquals("RSA 2048", info.keyType());
        assertArrayEquals(new X509Certificate[]{issued, CA.certificate()}, store.keyed("pbx").orElseThrow().chain());
        assertTrue(Keys.belongTogether(store.keyed("pbx").orElseThrow().privateKey(), issued.getPublicKey()));
        assertFalse(directory.resolve("pbx.pending-key.pem").toFile().exists());
        assertTrue(refusal(() -> store.install("pbx", bytes(pem(issued))))
                .startsWith("install 'pbx': there is no pending signing request;"));
    }

    @Test
    public void existingCertificateServesUntilTheAnswerIsInstalled() {
        store.generateSelfSigned("pbx", null, "pbx.example.com", List.of(), List.of(), 30);
        X509Certificate[] before = store.keyed("pbx").orElseThrow().chain();
        String csr = store.createCsr("pbx", null, "pbx.example.com", List.of(), List.of());
        assertArrayEquals(before, store.keyed("pbx").orElseThrow().chain());
        CertificateInfo pending = store.info("pbx").orElseThrow();
        assertTrue(pending.pendingCsr());
        assertTrue(pending.selfSigned());
        store.install("pbx", bytes(pem(answer(csr, Duration.ofDays(90)))));
        assertEquals("CN=rp test ca", store.info("pbx").orElseThrow().issuer());
    }

    @Test
    public void refusesAnswerForAnotherKeyAndKeepsThePendingRequest() {
        String older = store.createCsr("pbx", null, "pbx.example.com", List.of(), List.of());
        String latest = store.createCsr("pbx", null, "pbx.example.com", List.of(), List.of());
        X509Certificate stale = answer(older, Duration.ofDays(90));
        String message = refusal(() -> store.install("pbx", bytes(pem(stale))));
        assertEquals("install 'pbx': the pending request's key belongs to none of the certificates"
                + " ('CN=pbx.example.com'); the answer is for another (perhaps an older) request; give the answer to"
                + " the latest one or create a new request", message);
        store.install("pbx", bytes(pem(answer(latest, Duration.ofDays(90)))));
        assertTrue(store.keyed("pbx").isPresent());
    }

    @Test
    public void refusesAnswersThatAreNotCertificates() {
        String csr = store.createCsr("pbx", null, "pbx.example.com", List.of(), List.of());
        assertTrue(refusal(() -> store.install("pbx", bytes(csr)))
                .startsWith("install 'pbx': it holds a signing request, not a certificate;"));
        assertTrue(refusal(() -> store.install("pbx", new byte[]{0x30, 0}))
                .startsWith("install 'pbx': it is not PEM (-----BEGIN CERTIFICATE-----); give the CA's answer"));
        X509Certificate issued = answer(csr, Duration.ofDays(90));
        assertTrue(refusal(() -> store.install("pbx", bytes(pem(issued),
                TestPki.pkcs8Key(TestPki.ec().getPrivate())))).startsWith("install 'pbx': it holds a private key"));
    }

    @Test
    public void refusesExpiredAnswer() {
        String csr = store.createCsr("pbx", null, "pbx.example.com", List.of(), List.of());
        X509Certificate expired = answer(csr, Duration.ofDays(-1).plusHours(12));
        assertTrue(refusal(() -> store.install("pbx", bytes(pem(expired))))
                .contains("expired on"));
    }
}
