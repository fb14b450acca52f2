package org.rp.certs;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.rp.certs.TestPki.bytes;
import static org.rp.certs.TestPki.pem;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.Test;
import org.rp.api.cert.CertificateInfo;
import org.rp.api.cert.KeyedCertificate;

public class ImportTest extends StoreFixture {
    private static final TestPki.Issued ROOT = TestPki.rootCa("rp test root");
    private static final TestPki.Issued INTERMEDIATE = TestPki.intermediateCa(ROOT, "rp test intermediate");

    private final TestPki.Issued ecLeaf = TestPki.leaf(INTERMEDIATE, "pbx.example.com", TestPki.ec(),
            "pbx.example.com");
    private final TestPki.Issued rsaLeaf = TestPki.leaf(INTERMEDIATE, "pbx.example.com", TestPki.rsa(2048),
            "pbx.example.com");

    private void assertServes(String name, TestPki.Issued leaf) {
        KeyedCertificate keyed = store.keyed(name).orElseThrow();
        TestPki.assertSameKey(leaf.key(), keyed.privateKey());
        assertArrayEquals(new X509Certificate[]{leaf.certificate(), INTERMEDIATE.certificate(), ROOT.certificate()},
                keyed.chain());
    }

    @Test
    public void readsChainAndKeyInAnyOrder() {
        String key = TestPki.pkcs8Key(ecLeaf.key());
        CertificateInfo info = store.importCertificate("pbx", bytes(pem(ROOT.certificate()), key,
                pem(ecLeaf.certificate()), pem(INTERMEDIATE.certificate())), null);
        assertServes("pbx", ecLeaf);
        assertEquals(3, info.chainLength());
        assertEquals("CN=pbx.example.com", info.subject());
        assertEquals("CN=rp test intermediate", info.issuer());
        assertEquals("EC P-256", info.keyType());
        assertFalse(info.selfSigned());
        assertFalse(info.pendingCsr());
    }

    @Test
    public void readsSec1EcKeyWithOpensslsParametersBlock() {
        String text = pem(ecLeaf.certificate(), INTERMEDIATE.certificate(), ROOT.certificate())
                + "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + TestPki.traditionalKey(ecLeaf.key());
        assertTrue(TestPki.traditionalKey(ecLeaf.key()).contains("BEGIN EC PRIVATE KEY"));
        store.importCertificate("pbx", bytes(text), null);
        assertServes("pbx", ecLeaf);
    }

    @Test
    public void readsPkcs1RsaKey() {
        String key = TestPki.traditionalKey(rsaLeaf.key());
        assertTrue(key.contains("BEGIN RSA PRIVATE KEY"));
        CertificateInfo info = store.importCertificate("pbx", bytes(key, pem(rsaLeaf.certificate(),
                INTERMEDIATE.certificate(), ROOT.certificate())), null);
        assertServes("pbx", rsaLeaf);
        assertEquals("RSA 2048", info.keyType());
    }

    @Test
    public void readsPkcs8RsaKey() {
        store.importCertificate("pbx", bytes(pem(INTERMEDIATE.certificate(), rsaLeaf.certificate()),
                TestPki.pkcs8Key(rsaLeaf.key()), pem(ROOT.certificate())), null);
        assertServes("pbx", rsaLeaf);
    }

    @Test
    public void readsEncryptedPkcs8Keys() {
        for (TestPki.Issued leaf : List.of(ecLeaf, rsaLeaf)) {
            String key = TestPki.encryptedPkcs8Key(leaf.key(), "s3cret");
            assertTrue(key.contains("BEGIN ENCRYPTED PRIVATE KEY"));
            store.importCertificate("pbx", bytes(pem(leaf.certificate(), INTERMEDIATE.certificate(),
                    ROOT.certificate()), key), "s3cret".toCharArray());
            assertServes("pbx", leaf);
        }
    }

    @Test
    public void readsLegacyEncryptedKeys() {
        for (TestPki.Issued leaf : List.of(ecLeaf, rsaLeaf)) {
            for (String cipher : List.of("AES-256-CBC", "DES-EDE3-CBC")) {
                String key = TestPki.legacyEncryptedKey(leaf.key(), "s3cret", cipher);
                assertTrue(key.contains("Proc-Type: 4,ENCRYPTED"));
                store.importCertificate("pbx", bytes(key, pem(leaf.certificate(), INTERMEDIATE.certificate(),
                        ROOT.certificate())), "s3cret".toCharArray());
                assertServes("pbx", leaf);
            }
        }
    }

    @Test
    public void readsPkcs12WithPassword() {
        byte[] p12 = TestPki.pkcs12(rsaLeaf.key(), "s3cret", rsaLeaf.certificate(), INTERMEDIATE.certificate(),
                ROOT.certificate());
        store.importCertificate("pbx", p12, "s3cret".toCharArray());
        assertServes("pbx", rsaLeaf);
    }

    @Test
    public void readsPkcs12WithoutPassword() {
        byte[] p12 = TestPki.pkcs12WithoutPassword(ecLeaf.key(), ecLeaf.certificate(), ROOT.certificate(),
                INTERMEDIATE.certificate());
        store.importCertificate("pbx", p12, null);
        assertServes("pbx", ecLeaf);
    }

    @Test
    public void readsPkcs12WithEmptyPassword() {
        // as openssl pkcs12 -export -passout pass: writes it: encrypted and MACed with the empty password
        byte[] p12 = TestPki.pkcs12(ecLeaf.key(), "", ecLeaf.certificate(), INTERMEDIATE.certificate(),
                ROOT.certificate());
        store.importCertificate("pbx", p12, null);
        assertServes("pbx", ecLeaf);
        store.importCertificate("other", p12, new char[0]);
        assertServes("other", ecLeaf);
    }

    @Test
    public void refusesWrongPasswords() {
        String chain = pem(ecLeaf.certificate(), INTERMEDIATE.certificate(), ROOT.certificate());
        char[] wrong = "wrong".toCharArray();
        assertEquals("import 'pbx': wrong password for the encrypted key; give the password it was exported with",
                refusal(() -> store.importCertificate("pbx", bytes(chain,
                        TestPki.encryptedPkcs8Key(ecLeaf.key(), "s3cret")), wrong)));
        for (String cipher : List.of("AES-128-CBC", "DES-EDE3-CBC")) {
            assertTrue(refusal(() -> store.importCertificate("pbx", bytes(chain,
                    TestPki.legacyEncryptedKey(ecLeaf.key(), "s3cret", cipher)), wrong))
                    .startsWith("import 'pbx': wrong password for the encrypted key"));
        }
        byte[] p12 = TestPki.pkcs12(ecLeaf.key(), "s3cret", ecLeaf.certificate());
        assertEquals("import 'pbx': wrong password for the PKCS#12 file; give the password it was exported with",
                refusal(() -> store.importCertificate("pbx", p12, wrong)));
    }

    @Test
    public void asksForMissingPasswords() {
        String chain = pem(ecLeaf.certificate(), INTERMEDIATE.certificate(), ROOT.certificate());
        assertEquals("import 'pbx': the private key is encrypted; give its password",
                refusal(() -> store.importCertificate("pbx", bytes(chain,
                        TestPki.encryptedPkcs8Key(ecLeaf.key(), "s3cret")), null)));
        assertEquals("import 'pbx': the PKCS#12 file is protected by a password; give it",
                refusal(() -> store.importCertificate("pbx", TestPki.pkcs12(ecLeaf.key(), "s3cret",
                        ecLeaf.certificate()), null)));
    }

    @Test
    public void refusesKeyOfAnotherCertificate() {
        String message = refusal(() -> store.importCertificate("pbx", bytes(pem(ecLeaf.certificate(),
                INTERMEDIATE.certificate()), TestPki.pkcs8Key(TestPki.ec().getPrivate())), null));
        assertEquals("import 'pbx': the private key belongs to none of the certificates ('CN=pbx.example.com',"
                + " 'CN=rp test intermediate'); give the certificate issued for that key", message);
    }

    @Test
    public void refusesCertificateOutsideTheChain() {
        TestPki.Issued otherRoot = TestPki.rootCa("other root");
        String message = refusal(() -> store.importCertificate("pbx", bytes(pem(ecLeaf.certificate(),
                otherRoot.certificate(), INTERMEDIATE.certificate()), TestPki.pkcs8Key(ecLeaf.key())), null));
        assertEquals("import 'pbx': the certificate 'CN=other root' is not part of the chain of 'CN=pbx.example.com'"
                + " ('CN=pbx.example.com' <- 'CN=rp test intermediate'); remove it and try again", message);
    }

    @Test
    public void refusesImpostorWithTheIssuersName() {
        // same subject as the intermediate, other key: linked by name but not by signature
        TestPki.Issued impostor = TestPki.intermediateCa(TestPki.rootCa("rp test root"), "rp test intermediate");
        assertTrue(refusal(() -> store.importCertificate("pbx", bytes(pem(ecLeaf.certificate(),
                impostor.certificate()), TestPki.pkcs8Key(ecLeaf.key())), null))
                .contains("'CN=rp test intermediate' is not part of the chain of 'CN=pbx.example.com'"));
    }

    @Test
    public void acceptsLeafWithoutIssuersAndDuplicates() {
        store.importCertificate("pbx", bytes(pem(ecLeaf.certificate(), ecLeaf.certificate()),
                TestPki.pkcs8Key(ecLeaf.key())), null);
        assertEquals(1, store.keyed("pbx").orElseThrow().chain().length);
    }

    @Test
    public void refusesExpiredCertificate() {
        KeyPair keys = TestPki.ec();
        Instant expiry = Instant.now().minus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        X509Certificate expired = TestPki.issue(INTERMEDIATE, "old.example.com", keys, false,
                expiry.minus(Duration.ofDays(90)), expiry, List.of("old.example.com"));
        assertEquals("import 'old': the certificate 'CN=old.example.com' expired on " + expiry + "; renew it at the"
                        + " CA and use the new one",
                refusal(() -> store.importCertificate("old", bytes(pem(expired), TestPki.pkcs8Key(keys.getPrivate())),
                        null)));
    }

    @Test
    public void refusesRsa1024() {
        KeyPair weak = TestPki.rsa(1024);
        TestPki.Issued leaf = TestPki.leaf(INTERMEDIATE, "weak.example.com", weak);
        assertEquals("import 'weak': the certificate's key is RSA 1024, which is broken; get one for an ec-p256 key"
                        + " (the default, faster than RSA 1024 and secure) or rsa2048 or more",
                refusal(() -> store.importCertificate("weak", bytes(pem(leaf.certificate()),
                        TestPki.pkcs8Key(weak.getPrivate())), null)));
    }

    @Test
    public void refusesInputThatIsNotACertificateWithKey() {
        byte[] chainOnly = bytes(pem(ecLeaf.certificate()));
        assertTrue(refusal(() -> store.importCertificate("pbx", chainOnly, null))
                .startsWith("import 'pbx': it holds no private key;"));
        assertTrue(refusal(() -> store.importCertificate("pbx", bytes(TestPki.pkcs8Key(ecLeaf.key())), null))
                .startsWith("import 'pbx': it holds no certificate"));
        assertTrue(refusal(() -> store.importCertificate("pbx", bytes(pem(ecLeaf.certificate()),
                TestPki.pkcs8Key(ecLeaf.key()), TestPki.pkcs8Key(rsaLeaf.key())), null))
                .startsWith("import 'pbx': it holds 2 private keys;"));
        assertTrue(refusal(() -> store.importCertificate("pbx", bytes("hello"), null))
                .startsWith("import 'pbx': it is neither PEM"));
        assertTrue(refusal(() -> store.importCertificate("pbx", new byte[]{0x30, 0x03, 0x02, 0x01, 0x00}, null))
                .startsWith("import 'pbx': it is neither PEM nor a readable PKCS#12 file"));
        assertTrue(refusal(() -> store.importCertificate("pbx", new byte[0], null))
                .startsWith("import 'pbx': the file is empty"));
        assertTrue(refusal(() -> store.importCertificate("pbx",
                bytes("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n"), null))
                .startsWith("import 'pbx': it is not valid PEM"));
        assertTrue(refusal(() -> store.importCertificate("pbx", new byte[Credentials.MAX_BYTES + 1], null))
                .contains("more than a certificate file (a few KB) can have"));
    }

    @Test
    public void replacesTheCertificateOfAName() {
        store.importCertificate("pbx", bytes(pem(ecLeaf.certificate()), TestPki.pkcs8Key(ecLeaf.key())), null);
        store.importCertificate("pbx", bytes(pem(rsaLeaf.certificate()), TestPki.pkcs8Key(rsaLeaf.key())), null);
        TestPki.assertSameKey(rsaLeaf.key(), store.keyed("pbx").orElseThrow().privateKey());
        TestPki.assertSameKey(rsaLeaf.key(), new FileCertificateStore(directory, "x").keyed("pbx").orElseThrow()
                .privateKey());
    }

    @Test
    public void exportsTheChainWithoutTheKey() {
        store.importCertificate("pbx", bytes(TestPki.pkcs8Key(ecLeaf.key()), pem(ROOT.certificate(),
                ecLeaf.certificate(), INTERMEDIATE.certificate())), null);
        String exported = store.exportChain("pbx");
        assertEquals(pem(ecLeaf.certificate(), INTERMEDIATE.certificate(), ROOT.certificate()), exported);
        assertFalse(exported.contains("PRIVATE KEY"));
        assertTrue(refusal(() -> store.exportChain("nothing")).startsWith("export 'nothing': there is no"
                + " certificate of that name"));
    }
}
