package org.rp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * What an operator sets up from the Karaf shell survives a real restart of the container: listeners, rules (with a
 * later change, and without one removed), a generated certificate, a block until removed and an access-log switch
 * are in etc/, listed alike and in force after it, and the TLS listener presents the same certificate. Pax Exam cannot restart its container, so this test runs
 * in the JUnit JVM: it unpacks the assembly, runs {@code bin/karaf} and types commands through {@code bin/client}.
 */
public class RestartIT {
    private static final String PBX = "pbx.example.com";
    private static final String TLS_NAME = "rp.example.com";
    private static final String REMOVED_HOST = "scratch.example.com";
    private static final String LISTENERS = "rp:listener-list --no-format";
    private static final String RULES = "rp:rule-list --no-format";
    private static final String CERTIFICATES = "rp:cert-list";
    private static final String BLACKLIST = "rp:blacklist-list";
    private static final String REJECTED_SIP_LOGGING = "log:get rp.access.rejected.sip";
    private static final List<String> LISTINGS = List.of(LISTENERS, RULES, CERTIFICATES, BLACKLIST,
            REJECTED_SIP_LOGGING);

    private final int webPort = Etc.freePort();
    private final int tlsPort = Etc.freePort();
    private final int defaultPort = Etc.freePort();
    private TestUpstream upstream;
    private KarafProcess karaf;

    /** A GET over TLS: the certificate the listener presented, as rp:cert-list prints its fingerprint, and the answer. */
    private record TlsAnswer(String fingerprint, HttpConnection.Response response) {
    }

    @Before
    public void unpackedAssemblyAndUpstream() throws IOException {
        upstream = new TestUpstream();
        karaf = KarafProcess.unpack(Path.of(KarafConfig.required("rp.assembly")), Path.of("target", "restart"));
        // the shipped listener moved off 8080, and many refusals from 127.0.0.1 never block it, as in KarafConfig
        karaf.set("rp.listener~http.cfg", "bind", "127.0.0.1");
        karaf.set("rp.listener~http.cfg", "port", String.valueOf(defaultPort));
        karaf.set("rp.blacklist.cfg", "exempt", "127.0.0.1");
    }

    @After
    public void killKarafAndUpstream() throws Exception {
        try {
            if (karaf != null) {
                karaf.close();
            }
        } finally {
            upstream.close();
        }
    }

    @Test
    public void shellConfigurationSurvivesARestart() throws Exception {
        startAndAwaitCommands();
        karaf.execute("rp:cert-generate --cn " + TLS_NAME + " edge");
        karaf.execute("rp:listener-add web port=" + webPort + " bind=127.0.0.1 protocols=http");
        karaf.execute("rp:listener-add web-tls port=" + tlsPort + " bind=127.0.0.1 protocols=http tls=true"
                + " certificate=edge");
        // TLS ends at rp: the upstream speaks plain HTTP behind both listeners
        karaf.execute("rp:rule-add pbx-apps host=" + PBX + " listeners=web,web-tls paths=/PBX0/APPS/"
                + " target.host=127.0.0.1 target.port=" + upstream.port() + " target.transport=tcp");
        karaf.execute("rp:rule-set pbx-apps paths=/PBX0/APPS/,/PBX0/session");
        karaf.execute("rp:rule-add scratch host=" + REMOVED_HOST + " listeners=web target.host=127.0.0.1"
                + " target.port=" + upstream.port());
        awaitStatus("the throwaway rule in force", 200, () -> get(REMOVED_HOST, "/x"));
        karaf.execute("rp:rule-remove scratch");
        awaitStatus("the throwaway rule removed", 403, () -> get(REMOVED_HOST, "/x"));
        karaf.execute("rp:blacklist-add 192.0.2.66");
        karaf.execute("log:set OFF rp.access.rejected.sip");

        String fingerprint = assertRelayedAsConfigured();
        Map<String, String> listed = listings();
        String listeners = listed.get(LISTENERS);
        assertRow(listeners, "web", String.valueOf(webPort), "127.0.0.1", "http");
        assertRow(listeners, "web-tls", String.valueOf(tlsPort), "127.0.0.1", "http", "true", "certificate=edge");
        String rules = listed.get(RULES);
        assertRow(rules, "pbx-apps", PBX, "web,web-tls", "/PBX0/APPS/,/PBX0/session", "127.0.0.1",
                String.valueOf(upstream.port()), "target.transport=tcp");
        assertFalse(rules, rules.contains("scratch"));
        // the block of the certificate named edge, with the fingerprint of the one the TLS listener presented
        String certificates = listed.get(CERTIFICATES);
        assertTrue(certificates, Pattern.compile("(?m)^edge\n(  .*\n)*  sha-256 +" + fingerprint + "$")
                .matcher(certificates).find());
        assertTrue(listed.get(BLACKLIST), listed.get(BLACKLIST).contains("192.0.2.66/32"));
        assertTrue(listed.get(REJECTED_SIP_LOGGING), listed.get(REJECTED_SIP_LOGGING).contains("OFF"));

        karaf.stop();
        for (int port : List.of(defaultPort, webPort, tlsPort)) {
            assertTrue("port " + port + " still taken after Karaf ended", KarafProcess.isFree(port));
        }
        startAndAwaitCommands();

        for (String command : LISTINGS) {
            awaitSameOutput(command, listed.get(command));
        }
        for (String file : List.of("rp.listener~web.cfg", "rp.listener~web-tls.cfg", "rp.rule~pbx-apps.cfg")) {
            assertTrue(file, Files.exists(karaf.etc().resolve(file)));
        }
        assertFalse(Files.exists(karaf.etc().resolve("rp.rule~scratch.cfg")));
        assertEquals("the TLS listener presents the certificate it presented before", fingerprint,
                assertRelayedAsConfigured());
    }

    /**
     * Checks the rule on both listeners: its paths relayed, others refused, the removed rule's host refused.
     *
     * @return the fingerprint of the certificate the TLS listener presents
     */
    private String assertRelayedAsConfigured() throws Exception {
        awaitStatus("the web listener relaying", 200, () -> get(PBX, "/PBX0/APPS/x"));
        assertEquals("ok /PBX0/APPS/x", get(PBX, "/PBX0/APPS/x").text());
        // the path that rp:rule-set added
        assertEquals("ok /PBX0/session", get(PBX, "/PBX0/session").text());
        assertEquals(403, get(PBX, "/PBX0/ADMIN/").status());
        assertEquals(403, get(REMOVED_HOST, "/x").status());
        assertTrue(upstream.heads().stream().noneMatch(head -> head.contains("/PBX0/ADMIN/")));

        awaitStatus("the TLS listener relaying", 200, () -> getOverTls("/PBX0/APPS/tls").response());
        TlsAnswer answer = getOverTls("/PBX0/APPS/tls");
        assertEquals("ok /PBX0/APPS/tls", answer.response().text());
        return answer.fingerprint();
    }

    private void startAndAwaitCommands() throws IOException {
        karaf.start();
        // the rp commands exist once rp-admin-shell has the setup service and the certificate store
        karaf.awaitSuccess("rp:listener-list");
        karaf.awaitSuccess("rp:cert-list");
    }

    private Map<String, String> listings() {
        Map<String, String> listed = new LinkedHashMap<>();
        for (String command : LISTINGS) {
            listed.put(command, karaf.execute(command));
        }
        return listed;
    }

    /** Waits out a start's transient answers (rp-routes not yet running), then compares. */
    private void awaitSameOutput(String command, String expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String printed = karaf.execute(command);
        while (!printed.equals(expected) && System.nanoTime() < deadline) {
            Etc.sleep(1000);
            printed = karaf.execute(command);
        }
        assertEquals(command + " after the restart", expected, printed);
    }

    /** Asserts that a table printed with --no-format has a row of these cells, in order, and empty ones between. */
    private static void assertRow(String table, String... cells) {
        String row = Stream.of(cells).map(Pattern::quote).collect(Collectors.joining("[ \t]+", "(?m)^", "[ \t]*$"));
        assertTrue(table, Pattern.compile(row).matcher(table).find());
    }

    private static void awaitStatus(String what, int status, Callable<HttpConnection.Response> request) {
        Etc.await(what, () -> {
            try {
                return request.call().status() == status;
            } catch (Exception notYet) {
                return false;
            }
        });
    }

    private HttpConnection.Response get(String host, String path) throws IOException {
        try (HttpConnection connection = new HttpConnection(webPort)) {
            return connection.send(request(host, path)).read();
        }
    }

    /** Trusts any certificate: the test compares the presented one itself. */
    private TlsAnswer getOverTls(String path) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustingManager()}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                tlsPort);
        try (HttpConnection connection = new HttpConnection(socket)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(TLS_NAME)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            X509Certificate presented = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            String fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(presented.getEncoded()));
            return new TlsAnswer(fingerprint, connection.send(request(PBX, path)).read());
        }
    }

    private static String request(String host, String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
    }
}
