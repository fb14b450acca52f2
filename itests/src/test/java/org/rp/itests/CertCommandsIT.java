package org.rp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.rp.api.cert.CertificateStore;

/**
 * The {@code rp:cert-*} commands as an operator types them, through a Karaf shell session: their effect on the
 * store, files made and checked with {@code openssl}, refusals that print one line and change nothing, help and
 * completion.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CertCommandsIT {
    private static final List<String> COMMANDS = List.of("cert-list", "cert-generate", "cert-csr", "cert-install",
            "cert-import", "cert-export", "cert-remove", "cert-trust", "cert-untrust");
    private static final String KEY_PASSWORD = "k3y-pass-phrase";

    @Inject
    private SessionFactory sessionFactory;

    @Inject
    private CertificateStore store;

    @Inject
    private BundleContext context;

    private KarafShell shell;
    private String openssl;
    private Path dir;

    @Configuration
    public Option[] config() {
        return KarafConfig.options();
    }

    @Before
    public void commandsAndScratchDirectory() throws IOException {
        openssl = Programs.require("openssl", "openssl");
        dir = Files.createTempDirectory("rp-cert-it");
        shell = new KarafShell(sessionFactory);
        shell.awaitCommands("the rp:cert-* commands", COMMANDS);
    }

    @Test
    public void generatedCertificateIsListedWithItsNamesAndAnExpiryWarning() throws Exception {
        String generated = shell.execute("rp:cert-generate --cn web.example.com --dns www.example.com"
                + " --dns *.web.example.com --ip 203.0.113.10 --key ec-p384 --days 20 web");
        assertTrue(generated, generated.startsWith("web\n"));

        String web = block(shell.execute("rp:cert-list"), "web");
        assertTrue(web, web.contains("subject    CN=web.example.com\n"));
        assertTrue(web, web.contains("names      DNS web.example.com, www.example.com, *.web.example.com;"
                + " IP 203.0.113.10\n"));
        assertTrue(web, web.contains("key        EC P-384\n"));
        assertTrue(web, web.contains("issuer     CN=web.example.com (self-signed)\n"));
        assertTrue(web, web.matches("(?s).*valid      \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC to \\d{4}.*"));
        assertTrue(web, web.matches("(?s).*sha-256    ([0-9A-F]{2}:){31}[0-9A-F]{2}\n.*"));
        assertTrue(web, web.contains("chain      1 certificate\n"));
        assertTrue(web, web.contains("request    none\n"));
        assertTrue(web, web.contains("WARN expires in 19 days"));
        assertTrue(web, web.matches("(?s).*\n(  listeners  |  listener use unknown \\(rp-routes not running\\)).*"));
    }

    @Test
    public void signingRequestThenTheAnswerOfATestCa() throws Exception {
        Path request = dir.resolve("pbx.csr");
        String wrote = shell.execute("rp:cert-csr --cn pbx.example.com --dns pbx.example.com --ip 203.0.113.20"
                + " --out " + request + " pbx");
        assertTrue(wrote, wrote.startsWith("Wrote the signing request for 'pbx' to " + request));
        String requestText = openssl("req", "-in", request.toString(), "-noout", "-verify", "-text");
        assertTrue(requestText, requestText.contains("DNS:pbx.example.com, IP Address:203.0.113.20"));
        String pending = block(shell.execute("rp:cert-list"), "pbx");
        assertTrue(pending, pending.contains("request    pending, no certificate yet"));

        Path ca = testCa();
        Path leaf = dir.resolve("pbx.crt");
        openssl("x509", "-req", "-in", request.toString(), "-CA", ca.resolve("ca.pem").toString(),
                "-CAkey", ca.resolve("ca.key").toString(), "-set_serial", "7", "-days", "90",
                "-copy_extensions", "copyall", "-out", leaf.toString());
        // the issuer first: the answer's order must not matter
        Path answer = concatenate("answer.pem", ca.resolve("ca.pem"), leaf);
        String installed = shell.execute("rp:cert-install pbx " + answer);
        assertTrue(installed, installed.contains("issuer     CN=rp test CA\n"));

        String pbx = block(shell.execute("rp:cert-list"), "pbx");
        assertTrue(pbx, pbx.contains("chain      2 certificates\n"));
        assertTrue(pbx, pbx.contains("request    none\n"));
        assertTrue(pbx, pbx.contains("names      DNS pbx.example.com; IP 203.0.113.20\n"));
        assertTrue(pbx, pbx.contains("sha-256    " + fingerprint(leaf) + "\n"));
    }

    @Test
    public void signingRequestIsPrintedWithoutOut() throws Exception {
        String printed = shell.execute("rp:cert-csr --cn printed.example.com printed");
        assertTrue(printed, printed.startsWith("-----BEGIN CERTIFICATE REQUEST-----\n"));
        assertTrue(printed, printed.endsWith("-----END CERTIFICATE REQUEST-----\n"));
    }

    @Test
    public void importsPemWithAnEncryptedKeyAndPkcs12() throws Exception {
        Path pem = openSslCertificate("imported", "rsa:2048", KEY_PASSWORD);
        String imported = shell.execute("rp:cert-import --password " + KEY_PASSWORD + " imported " + pem);
        assertFalse("the password is never echoed", imported.contains(KEY_PASSWORD));
        String listed = block(shell.execute("rp:cert-list"), "imported");
        assertTrue(listed, listed.contains("key        RSA 2048\n"));
        assertTrue(listed, listed.contains("names      DNS imported.example.com; IP 198.51.100.7\n"));
        assertTrue(listed, listed.contains("sha-256    " + fingerprint(pem) + "\n"));

        Path p12 = dir.resolve("imported.p12");
        openssl("pkcs12", "-export", "-in", pem.toString(), "-inkey", pem.toString(),
                "-passin", "pass:" + KEY_PASSWORD, "-passout", "pass:p12-pass", "-out", p12.toString());
        // the contract's order: the password after the file
        shell.execute("rp:cert-import from-p12 " + p12 + " --password p12-pass");
        assertTrue(block(shell.execute("rp:cert-list"), "from-p12").contains("sha-256    " + fingerprint(pem) + "\n"));

        String log = Files.readString(Path.of(System.getProperty("karaf.log"), "karaf.log"));
        assertFalse("a password is in karaf.log", log.contains(KEY_PASSWORD) || log.contains("p12-pass"));
    }

    @Test
    public void exportGivesTheChainWithoutTheKey() throws Exception {
        shell.execute("rp:cert-generate --cn exported.example.com exported");
        String printed = shell.execute("rp:cert-export exported");
        assertEquals(printed, 1, count(printed, "-----BEGIN CERTIFICATE-----"));
        assertFalse(printed, printed.contains("PRIVATE KEY"));

        Path file = dir.resolve("exported.pem");
        String wrote = shell.execute("rp:cert-export --out " + file + " exported");
        assertEquals("Wrote the chain of 'exported' to " + file + "\n", wrote);
        assertEquals(printed, Files.readString(file));
        assertTrue(block(shell.execute("rp:cert-list"), "exported").contains("sha-256    " + fingerprint(file) + "\n"));
    }

    @Test
    public void removedCertificateIsNoLongerListed() throws Exception {
        shell.execute("rp:cert-generate short-lived");
        assertTrue(shell.execute("rp:cert-list").contains("\nshort-lived\n"));
        assertEquals("Removed certificate 'short-lived'\n", shell.execute("rp:cert-remove short-lived"));
        assertFalse(shell.execute("rp:cert-list").contains("\nshort-lived\n"));
    }

    @Test
    public void trustAnchorsAreAddedListedAndRemoved() throws Exception {
        Path ca = testCa().resolve("ca.pem");
        String trusted = shell.execute("rp:cert-trust upstream-ca " + ca);
        assertTrue(trusted, trusted.startsWith("upstream-ca\n  subject    CN=rp test CA\n"));
        String anchor = block(shell.execute("rp:cert-trust --list"), "upstream-ca");
        assertTrue(anchor, anchor.contains("sha-256    " + fingerprint(ca) + "\n"));
        assertFalse("trust anchors are not rp's certificates", shell.execute("rp:cert-list").contains("upstream-ca"));

        assertEquals("No longer trusting 'upstream-ca'\n", shell.execute("rp:cert-untrust upstream-ca"));
        assertFalse(shell.execute("rp:cert-trust --list").contains("upstream-ca"));
    }

    @Test
    public void badArgumentsPrintOneLineAndChangeNothing() throws Exception {
        Path ca = testCa();
        Path encrypted = openSslCertificate("refused", "ec", KEY_PASSWORD);
        Path weak = openSslCertificate("weak", "rsa:1024", null);
        shell.execute("rp:cert-generate kept");
        Map<String, String> refusals = Map.ofEntries(
                Map.entry("rp:cert-generate --key rsa1024 weak", "--key rsa1024: RSA 1024 is broken"),
                Map.entry("rp:cert-generate --key dsa kept", "--key dsa: key type 'dsa' is unknown"),
                Map.entry("rp:cert-generate Kept", "name 'Kept' is not allowed"),
                Map.entry("rp:cert-generate --days 0 kept", "validity of 0 days is not allowed"),
                Map.entry("rp:cert-generate --days soon kept", "--days"),
                Map.entry("rp:cert-generate --ip 999.1.1.1 kept", "IP address '999.1.1.1' is not"),
                Map.entry("rp:cert-csr --out " + dir.resolve("no/such/dir/kept.csr") + " kept", "cannot be written"),
                Map.entry("rp:cert-import --password wrong refused " + encrypted, "wrong password"),
                Map.entry("rp:cert-import refused " + encrypted, "encrypted; give its password"),
                Map.entry("rp:cert-import refused " + encrypted + " --pasword x", "only --password P may follow"),
                Map.entry("rp:cert-import weak " + weak, "RSA 1024, which is broken"),
                Map.entry("rp:cert-import refused " + dir.resolve("missing.pem"), "missing.pem does not exist"),
                Map.entry("rp:cert-import refused", "file"),
                Map.entry("rp:cert-install kept " + ca.resolve("ca.pem"), "no pending signing request"),
                Map.entry("rp:cert-export unknown", "export 'unknown': there is no certificate of that name"),
                Map.entry("rp:cert-remove unknown", "remove 'unknown': there is no certificate or request"),
                Map.entry("rp:cert-remove default", "cannot be removed"),
                Map.entry("rp:cert-trust bundle " + encrypted, "private key"),
                Map.entry("rp:cert-trust upstream-ca", "give the name and the CA's certificate file"),
                Map.entry("rp:cert-trust --list kept", "--list shows all trust anchors and takes no name"),
                Map.entry("rp:cert-untrust unknown", "untrust 'unknown': there is no trust anchor"));
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            String listBefore = shell.execute("rp:cert-list") + shell.execute("rp:cert-trust --list");
            long revision = store.revision();
            String line = shell.refused(refusal.getKey());
            assertTrue(refusal.getKey() + " printed: " + line, line.contains(refusal.getValue()));
            assertFalse(refusal.getKey() + " echoed the password: " + line, line.contains(KEY_PASSWORD));
            assertEquals(refusal.getKey() + " changed the store", revision, store.revision());
            assertEquals(refusal.getKey() + " changed the list", listBefore,
                    shell.execute("rp:cert-list") + shell.execute("rp:cert-trust --list"));
        }
    }

    @Test
    public void everyCommandHasHelp() throws Exception {
        for (String command : COMMANDS) {
            String help = shell.execute("rp:" + command + " --help");
            assertTrue(help, help.contains("DESCRIPTION"));
            assertTrue(help, help.contains("rp:" + command));
            assertTrue(help, help.contains("SYNTAX"));
        }
    }

    @Test
    public void completesCertificateNamesTrustAnchorNamesAndFiles() throws Exception {
        shell.execute("rp:cert-generate completed");
        shell.execute("rp:cert-trust completed-ca " + testCa().resolve("ca.pem"));
        try {
            List<String> certificates = shell.complete("rp:cert-remove", "");
            assertTrue(certificates.toString(), certificates.containsAll(List.of("default", "completed")));
            assertFalse(certificates.toString(), certificates.contains("completed-ca"));
            assertEquals(List.of("completed-ca"), shell.complete("rp:cert-untrust", "completed"));

            Path file = Files.writeString(dir.resolve("chain-and-key.pem"), "");
            List<String> files = shell.complete("rp:cert-import", "completed", dir + "/");
            assertTrue(files.toString(), files.contains(file.toString()));
        } finally {
            shell.execute("rp:cert-untrust completed-ca");
        }
    }

    @Test
    public void listShowsWhichListenersUseACertificateAndWhatItDoesNotCover() throws Exception {
        shell.execute("rp:cert-generate --cn used.example.com used");
        Etc.write("rp.listener~https", "port = " + Etc.freePort() + "\nbind = 127.0.0.1\nprotocols = http\ntls = true\n"
                + "certificate = used\n");
        Etc.write("rp.rule~pbx-web", "host = nowhere.example.org\nlisteners = https\ntarget.host = 127.0.0.1\n"
                + "target.port = 80\n");
        try {
            Etc.await("the listeners of 'used'", () -> block(shell.execute("rp:cert-list"), "used")
                    .contains("listeners  https\n"));
            // pbx-web, as the file is named (the file installer's PID for it is rp.rule~pbx~web)
            Etc.await("the uncovered rule name", () -> block(shell.execute("rp:cert-list"), "used")
                    .contains("WARN does not cover nowhere.example.org (rule pbx-web on listener https)"));
            assertTrue(block(shell.execute("rp:cert-list"), "default").contains("listeners  none\n"));
        } finally {
            Etc.delete("rp.rule~pbx-web");
            Etc.delete("rp.listener~https");
            // the tests after this one compare listings before and after a command
            Etc.await("the listener of 'used' gone", () -> block(shell.execute("rp:cert-list"), "used")
                    .contains("listeners  none\n"));
        }
    }

    /** @return the block of one certificate in a listing: from the line with its name to the next blank line */
    private static String block(String listing, String name) {
        String lines = "\n" + listing;
        int start = lines.indexOf("\n" + name + "\n");
        assertTrue(name + " is not listed:\n" + listing, start >= 0);
        int end = lines.indexOf("\n\n", start + 1);
        return lines.substring(start + 1, end < 0 ? lines.length() : end + 1);
    }

    private static int count(String text, String part) {
        return text.split(part, -1).length - 1;
    }

    /** A CA for the test: EC key and self-signed certificate, CN "rp test CA". */
    private Path testCa() throws IOException {
        Path ca = Files.createDirectories(dir.resolve("ca"));
        if (!Files.exists(ca.resolve("ca.pem"))) {
            openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", ca.resolve("ca.key").toString(), "-out", ca.resolve("ca.pem").toString(),
                    "-days", "30", "-subj", "/CN=rp test CA",
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
        }
        return ca;
    }

    /**
     * A self-signed certificate for {@code <name>.example.com} and 198.51.100.7 as openssl writes it: the key first
     * (PKCS#8, encrypted when a password is given), then the certificate.
     *
     * @param key openssl's {@code -newkey} value, e.g. {@code rsa:2048} or {@code ec}
     */
    private Path openSslCertificate(String name, String key, String password) throws IOException {
        Path keyFile = dir.resolve(name + ".key");
        Path certificate = dir.resolve(name + ".crt");
        List<String> command = new ArrayList<>(List.of("req", "-x509", "-newkey", key, "-keyout", keyFile.toString(),
                "-out", certificate.toString(), "-days", "365", "-subj", "/CN=" + name + ".example.com",
                "-addext", "subjectAltName=DNS:" + name + ".example.com,IP:198.51.100.7"));
        if (key.equals("ec")) {
            command.addAll(List.of("-pkeyopt", "ec_paramgen_curve:P-256"));
        }
        command.addAll(password == null ? List.of("-nodes") : List.of("-passout", "pass:" + password));
        openssl(command.toArray(new String[0]));
        return concatenate(name + ".pem", keyFile, certificate);
    }

    private Path concatenate(String name, Path... parts) throws IOException {
        StringBuilder content = new StringBuilder();
        for (Path part : parts) {
            content.append(Files.readString(part));
        }
        return Files.writeString(dir.resolve(name), content);
    }

    /** @return the SHA-256 fingerprint of the first certificate in the file, as openssl prints it */
    private String fingerprint(Path file) {
        String printed = openssl("x509", "-in", file.toString(), "-noout", "-fingerprint", "-sha256").trim();
        assertTrue(printed, printed.startsWith("sha256 Fingerprint="));
        return printed.substring("sha256 Fingerprint=".length());
    }

    private String openssl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(openssl));
        command.addAll(List.of(arguments));
        Programs.Result result = Programs.run(60, Map.of(), command);
        assertEquals(command + "\n" + result.output(), 0, result.exitCode());
        return result.output();
    }
}
