package org.rp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.rp.api.cert.CertificateStore;
import org.rp.api.cert.KeyType;

/**
 * {@code ldapsearch} through rp to OpenLDAP's {@code slapd}: a simple bind is routed by the domain of its DN, an
 * anonymous bind and StartTLS (which carry no name) only where the listener has a default rule ({@code host = *}),
 * and StartTLS is relayed as bytes, so the TLS session is between ldapsearch and slapd. LDAPS is terminated by rp.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LdapEndToEndIT {
    private static final String ADMIN = "cn=admin,dc=example,dc=com";
    private static final String PASSWORD = "secret";
    /** One slapd per container; it dies with the container (see {@link Programs#start}). */
    private static Process slapd;
    private static String ldapsearch;
    private static int slapdPort;
    private static int ldapPort;
    private static int ldapWithDefaultPort;
    private static int ldapsPort;
    private static Path ldapsCertificate;

    @Inject
    private CertificateStore store;

    @Configuration
    public Option[] config() {
        return KarafConfig.options();
    }

    @Before
    public void slapdAndListeners() throws IOException {
        String slapdProgram = Programs.require("slapd", "slapd");
        String slapadd = Programs.require("slapadd", "slapd");
        ldapsearch = Programs.require("ldapsearch", "ldap-utils");
        String openssl = Programs.require("openssl", "openssl");
        if (slapd != null) {
            return;
        }
        Path dir = Files.createTempDirectory("rp-slapd");
        Files.createDirectory(dir.resolve("db"));
        run(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(),
                "-days", "1", "-subj", "/CN=ldap.example.com");
        Files.writeString(dir.resolve("slapd.conf"), String.join("\n",
                "include /etc/ldap/schema/core.schema",
                "include /etc/ldap/schema/cosine.schema",
                "include /etc/ldap/schema/inetorgperson.schema",
                "modulepath /usr/lib/ldap",
                "moduleload back_mdb",
                "TLSCertificateFile " + dir.resolve("cert.pem"),
                "TLSCertificateKeyFile " + dir.resolve("key.pem"),
                "database mdb",
                "suffix \"dc=example,dc=com\"",
                "rootdn \"" + ADMIN + "\"",
                "rootpw " + PASSWORD,
                "directory " + dir.resolve("db"), ""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("data.ldif"), String.join("\n",
                "dn: dc=example,dc=com", "objectClass: dcObject", "objectClass: organization", "dc: example",
                "o: Example", "",
                "dn: uid=alice,dc=example,dc=com", "objectClass: inetOrgPerson", "uid: alice", "cn: Alice",
                "sn: Example", "telephoneNumber: 201", ""), StandardCharsets.UTF_8);
        run(slapadd, "-f", dir.resolve("slapd.conf").toString(), "-l", dir.resolve("data.ldif").toString());
        slapdPort = Etc.freePort();
        slapd = Programs.start(dir.resolve("slapd.log"), Map.of(), List.of(slapdProgram, "-f",
                dir.resolve("slapd.conf").toString(), "-h", "ldap://127.0.0.1:" + slapdPort + "/", "-d", "0"));

        ldapPort = listener("ldap");
        ldapWithDefaultPort = listener("ldapdefault");
        Etc.write("rp.rule~directory", "host = example.com\nlisteners = ldap, ldapdefault\ntarget.host = 127.0.0.1\n"
                + "target.port = " + slapdPort + "\n");
        Etc.write("rp.rule~directory-default", "host = *\nlisteners = ldapdefault\ntarget.host = 127.0.0.1\n"
                + "target.port = " + slapdPort + "\n");
        // LDAPS: rp terminates TLS with a certificate for the address clients use, and speaks plain LDAP to slapd
        store.generateSelfSigned("ldaps", KeyType.EC_P256, "ldap.example.com", List.of("ldap.example.com"),
                List.of("127.0.0.1"), 30);
        ldapsCertificate = dir.resolve("ldaps.pem");
        Files.writeString(ldapsCertificate, store.exportChain("ldaps"));
        ldapsPort = Etc.freePort();
        Etc.write("rp.listener~ldaps", "port = " + ldapsPort + "\nbind = 127.0.0.1\nprotocols = ldap\ntls = true\n"
                + "certificate = ldaps\n");
        Etc.write("rp.rule~directory-tls", "host = example.com\nlisteners = ldaps\ntarget.host = 127.0.0.1\n"
                + "target.port = " + slapdPort + "\ntarget.transport = tcp\n");
        Etc.await("ldapsearch through rp", () -> search(ldapPort, ADMIN, Map.of()).exitCode() == 0);
        Etc.await("the default rule", () -> search(ldapWithDefaultPort, null, Map.of()).exitCode() == 0);
        Etc.await("the LDAPS listener", () -> ldaps().exitCode() == 0);
    }

    @Test
    public void simpleBindIsRoutedByTheDomainOfItsDn() {
        Programs.Result result = search(ldapPort, ADMIN, Map.of());
        assertEquals(result.output(), 0, result.exitCode());
        assertTrue(result.output(), result.output().contains("telephoneNumber: 201"));
    }

    @Test
    public void aBindForAnotherDomainIsRefused() {
        Programs.Result result = search(ldapPort, "cn=admin,dc=other,dc=org", Map.of());
        assertNotEquals(result.output(), 0, result.exitCode());
        assertTrue(result.output(), result.output().contains("Can't contact LDAP server"));
    }

    @Test
    public void anonymousBindNeedsTheListenersDefaultRule() {
        Programs.Result refused = search(ldapPort, null, Map.of());
        assertNotEquals(refused.output(), 0, refused.exitCode());
        Programs.Result allowed = search(ldapWithDefaultPort, null, Map.of());
        assertEquals(allowed.output(), 0, allowed.exitCode());
        assertTrue(allowed.output(), allowed.output().contains("telephoneNumber: 201"));
    }

    @Test
    public void startTlsIsRelayedAsBytesAndTheBindRunsInsideIt() {
        // -ZZ: StartTLS must succeed; slapd's self-signed certificate is accepted without verification here
        Programs.Result result = search(ldapWithDefaultPort, ADMIN, Map.of("LDAPTLS_REQCERT", "never"), "-ZZ");
        assertEquals(result.output(), 0, result.exitCode());
        assertTrue(result.output(), result.output().contains("telephoneNumber: 201"));
        Programs.Result noDefault = search(ldapPort, ADMIN, Map.of("LDAPTLS_REQCERT", "never"), "-ZZ");
        assertNotEquals("StartTLS carries no name: refused without a default rule", 0, noDefault.exitCode());
    }

    @Test
    public void ldapsIsTerminatedByRpWithACertificateTheClientVerifies() {
        Programs.Result result = ldaps();
        assertEquals(result.output(), 0, result.exitCode());
        assertTrue(result.output(), result.output().contains("telephoneNumber: 201"));
    }

    /** ldapsearch over LDAPS, verifying rp's certificate. */
    private static Programs.Result ldaps() {
        return search("ldaps://127.0.0.1:" + ldapsPort, ADMIN,
                Map.of("LDAPTLS_CACERT", ldapsCertificate.toString(), "LDAPTLS_REQCERT", "demand"));
    }

    private static int listener(String name) {
        int port = Etc.freePort();
        Etc.write("rp.listener~" + name, "port = " + port + "\nbind = 127.0.0.1\nprotocols = ldap\n");
        return port;
    }

    /** ldapsearch for alice's telephone number; {@code bindDn} null binds anonymously. */
    private static Programs.Result search(int port, String bindDn, Map<String, String> environment, String... extra) {
        return search("ldap://127.0.0.1:" + port, bindDn, environment, extra);
    }

    private static Programs.Result search(String uri, String bindDn, Map<String, String> environment,
                                          String... extra) {
        List<String> command = new ArrayList<>(List.of(ldapsearch, "-x", "-LLL", "-o", "nettimeout=5", "-H", uri));
        command.addAll(List.of(extra));
        if (bindDn != null) {
            command.addAll(List.of("-D", bindDn, "-w", PASSWORD));
        }
        command.addAll(List.of("-b", "dc=example,dc=com", "(uid=alice)", "telephoneNumber"));
        return Programs.run(20, environment, command);
    }

    private static void run(String... command) {
        Programs.Result result = Programs.run(30, Map.of(), List.of(command));
        assertEquals(String.join(" ", command) + ":\n" + result.output(), 0, result.exitCode());
    }
}
