package org.rp.certs;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.rp.certs.TestPki.bytes;
import static org.rp.certs.TestPki.pem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.Test;
import org.rp.api.cert.CertificateInfo;
import org.rp.api.cert.CertificateStore;
import org.rp.api.cert.KeyType;

public class StoreTest extends StoreFixture {

    private String permissions(String file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(file)));
    }

    @Test
    public void firstStartMakesSelfSignedDefault() {
        CertificateInfo info = store.info(CertificateStore.DEFAULT_NAME).orElseThrow();
        assertEquals("CN=rp.test.example", info.subject());
        assertEquals(List.of("rp.test.example"), info.dnsNames());
        assertEquals("EC P-256", info.keyType());
        assertTrue(info.selfSigned());
        // from an hour ago (clock skew) to DEFAULT_DAYS from now
        assertEquals(Duration.ofDays(FileCertificateStore.DEFAULT_DAYS).plusHours(1),
                Duration.between(info.notBefore(), info.notAfter()));
        assertTrue(info.covers("rp.test.example"));
        assertTrue(store.keyed("default").isPresent());
        assertEquals(List.of(info), store.list());
    }

    @Test
    public void laterStartsKeepTheDefault() {
        String fingerprint = store.info("default").orElseThrow().sha256Fingerprint();
        FileCertificateStore again = new FileCertificateStore(directory, "another.example");
        assertEquals(fingerprint, again.info("default").orElseThrow().sha256Fingerprint());
    }

    @Test
    public void defaultThatDoesNotLoadIsLeftForTheOperator() throws Exception {
        Files.writeString(directory.resolve("default.key.pem"), TestPki.pkcs8Key(TestPki.ec().getPrivate()));
        String brokenPair = Files.readString(directory.resolve("default.chain.pem"));
        FileCertificateStore again = new FileCertificateStore(directory, "rp.test.example");
        assertTrue(again.info("default").isEmpty());
        assertEquals("the operator's files stay", brokenPair, Files.readString(directory.resolve("default.chain.pem")));
    }

    @Test
    public void secondStoreOverTheSameDirectorySeesEverything() {
        store.generateSelfSigned("pbx", KeyType.RSA_2048, "pbx.example.com", List.of("pbx.example.com"),
                List.of("203.0.113.10"), 90);
        store.createCsr("pbx", null, "pbx.example.com", List.of(), List.of());
        store.createCsr("ap", null, "ap.example.com", List.of(), List.of());
        TestPki.Issued ca = TestPki.rootCa("pbx ca");
        store.trust("pbx-ca", bytes(pem(ca.certificate())));

        FileCertificateStore again = new FileCertificateStore(directory, "ignored");
        assertEquals(store.list(), again.list());
        assertEquals(store.trusted(), again.trusted());
        assertEquals(List.of(ca.certificate()), again.trustAnchors());
        assertArrayEquals(store.keyed("pbx").orElseThrow().chain(), again.keyed("pbx").orElseThrow().chain());
        TestPki.assertSameKey(store.keyed("pbx").orElseThrow().privateKey(),
                again.keyed("pbx").orElseThrow().privateKey());
        assertTrue(again.info("pbx").orElseThrow().pendingCsr());
        assertEquals(List.of("ap", "default", "pbx"), again.list().stream().map(CertificateInfo::name).toList());
    }

    @Test
    public void keysAreOwnerOnlyAndDirectoriesPrivate() throws Exception {
        store.generateSelfSigned("pbx", null, "pbx.example.com", List.of(), List.of(), 90);
        store.createCsr("pbx", null, "pbx.example.com", List.of(), List.of());
        store.trust("ca", bytes(pem(TestPki.rootCa("ca").certificate())));
        assertEquals("rwx------", permissions("."));
        assertEquals("rwx------", permissions("trust"));
        assertEquals("rw-------", permissions("default.key.pem"));
        assertEquals("rw-------", permissions("pbx.key.pem"));
        assertEquals("rw-------", permissions("pbx.pending-key.pem"));
        assertEquals("rw-r--r--", permissions("pbx.chain.pem"));
        assertEquals("rw-r--r--", permissions("trust/ca.pem"));
        assertFalse(Files.readString(directory.resolve("pbx.chain.pem")).contains("PRIVATE"));
        try (var files = Files.list(directory)) {
            assertEquals("no staged files left", List.of(), files.filter(f -> f.toString().endsWith(".new")).toList());
        }
    }

    @Test
    public void tightensDirectoryAndHandWrittenKeysOnStart() throws Exception {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(directory.resolve("default.key.pem"),
                PosixFilePermissions.fromString("rw-r--r--"));
        new FileCertificateStore(directory, "rp.test.example");
        assertEquals("rwx------", permissions("."));
        assertEquals("rw-------", permissions("default.key.pem"));
    }

    @Test
    public void revisionGrowsWithEveryChangeOnly() {
        long revision = store.revision();
        store.generateSelfSigned("a", null, "a.example.com", List.of(), List.of(), 1);
        assertTrue(store.revision() > revision);
        revision = store.revision();
        store.createCsr("a", null, "a.example.com", List.of(), List.of());
        assertTrue(store.revision() > revision);
        revision = store.revision();
        store.trust("ca", bytes(pem(TestPki.rootCa("ca").certificate())));
        assertTrue(store.revision() > revision);
        revision = store.revision();
        store.untrust("ca");
        assertTrue(store.revision() > revision);
        revision = store.revision();
        store.remove("a");
        assertTrue(store.revision() > revision);
        revision = store.revision();
        store.list();
        store.keyed("default");
        store.exportChain("default");
        assertEquals("reads change nothing", revision, store.revision());
    }

    @Test
    public void refusesBadNames() {
        for (String name : new String[]{"", "Default", "-x", ".x", "../x", "a/b", "a b", "x".repeat(65), "ü"}) {
            assertTrue(name, refusal(() -> store.generateSelfSigned(name, null, "x.example.com", List.of(), List.of(),
                    1)).contains("name '" + name + "' is not allowed; use 1 to 64 lower-case letters"));
        }
        refusal(() -> store.importCertificate(null, new byte[0], null));
        refusal(() -> store.trust("A", new byte[0]));
        assertTrue(store.info("../default").isEmpty());
        store.generateSelfSigned("x".repeat(64), null, "x.example.com", List.of(), List.of(), 1);
        store.generateSelfSigned("0.a_b-c", null, "x.example.com", List.of(), List.of(), 1);
    }

    @Test
    public void removesCertificateKeyAndRequest() {
        store.generateSelfSigned("pbx", null, "pbx.example.com", List.of(), List.of(), 90);
        store.createCsr("pbx", null, "pbx.example.com", List.of(), List.of());
        store.remove("pbx");
        assertTrue(store.info("pbx").isEmpty());
        assertEquals(List.of("default.chain.pem", "default.key.pem"), Refusals.files(directory).keySet().stream()
                .toList());
        assertEquals("remove 'pbx': there is no certificate or request of that name",
                refusal(() -> store.remove("pbx")));
        assertTrue(refusal(() -> store.remove("default")).startsWith("remove 'default': the default certificate serves"
                + " clients without SNI and cannot be removed;"));
    }

    @Test
    public void trustsOneCertificatePerName() {
        TestPki.Issued ca = TestPki.rootCa("pbx ca");
        CertificateInfo info = store.trust("pbx-ca", bytes(pem(ca.certificate())));
        assertEquals("CN=pbx ca", info.subject());
        assertEquals(List.of(info), store.trusted());
        assertEquals(List.of(ca.certificate()), store.trustAnchors());
        assertTrue("trust anchors are not certificates to serve", store.info("pbx-ca").isEmpty());
        assertTrue(refusal(() -> store.trust("two", bytes(pem(ca.certificate(), TestPki.rootCa("b").certificate()))))
                .startsWith("trust 'two': it holds 2 certificates; trust one certificate per name"));
        assertTrue(refusal(() -> store.trust("key", bytes(pem(ca.certificate()), TestPki.pkcs8Key(ca.key()))))
                .startsWith("trust 'key': it holds a private key"));
        X509Certificate expired = TestPki.issue(null, "old ca", TestPki.ec(), true,
                Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)), List.of());
        assertTrue(refusal(() -> store.trust("old", bytes(pem(expired)))).contains("expired on"));
        assertTrue(refusal(() -> store.trust("der", new byte[]{0x30, 0})).startsWith("trust 'der': it is not PEM"));
        store.untrust("pbx-ca");
        assertEquals(List.of(), store.trustAnchors());
        assertEquals("untrust 'pbx-ca': there is no trust anchor of that name", refusal(() -> store.untrust("pbx-ca")));
    }

    @Test
    public void finishesAChangeInterruptedBetweenChainAndKey() throws Exception {
        // an import wrote the staged key and the chain, then the process died before the key was renamed
        TestPki.Issued leaf = TestPki.leaf(TestPki.rootCa("ca"), "pbx.example.com", TestPki.ec());
        store.generateSelfSigned("pbx", null, "old.example.com", List.of(), List.of(), 90);
        Files.writeString(directory.resolve("pbx.key.pem.new"), TestPki.pkcs8Key(leaf.key()));
        Files.writeString(directory.resolve("pbx.chain.pem"), pem(leaf.certificate()));
        FileCertificateStore again = new FileCertificateStore(directory, "rp.test.example");
        TestPki.assertSameKey(leaf.key(), again.keyed("pbx").orElseThrow().privateKey());
        assertFalse(Files.exists(directory.resolve("pbx.key.pem.new")));
        assertEquals("rw-------", permissions("pbx.key.pem"));
    }

    @Test
    public void dropsARequestWhoseAnswerWasInstalledBeforeACrash() throws Exception {
        String csr = store.createCsr("pbx", null, "pbx.example.com", List.of(), List.of());
        Path pending = directory.resolve("pbx.pending-key.pem");
        Files.copy(pending, directory.resolve("saved"));
        X509Certificate issued = TestPki.answer(csr, TestPki.rootCa("ca"), Duration.ofDays(90));
        store.install("pbx", bytes(pem(issued)));
        Files.move(directory.resolve("saved"), pending);
        FileCertificateStore again = new FileCertificateStore(directory, "rp.test.example");
        assertFalse(again.info("pbx").orElseThrow().pendingCsr());
        assertFalse(Files.exists(pending));
    }
}
