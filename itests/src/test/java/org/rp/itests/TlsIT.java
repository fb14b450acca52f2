package org.rp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

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
import org.rp.api.cert.KeyedCertificate;

/**
 * TLS end to end: rp terminates HTTPS with the certificate the client's SNI names (curl) or its default one
 * (openssl s_client without SNI), TLS 1.2+ only; a replaced certificate serves the next handshake while an open
 * connection goes on; TLS towards an upstream that requires rp's client certificate; and check.certificate on a
 * SIP/TLS listener, which relays a phone only if its certificate names the user it registers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TlsIT {
    private static final String SIP_USER = "101";

    @Inject
    private CertificateStore store;

    /** Set up once per container (Pax Exam runs each method as its own JUnit request inside Karaf). */
    private static TestUpstream web;
    private static EchoUpstream echo;
    private static Path pbxPem;
    private static int httpsPort;
    private static int sipsPort;

    @Configuration
    public Option[] config() {
        return KarafConfig.options();
    }

    @Before
    public void certificatesListenersAndRules() throws IOException {
        if (web != null) {
            return;
        }
        web = new TestUpstream();
        echo = new EchoUpstream();
        store.generateSelfSigned("pbx", KeyType.EC_P256, "pbx.example.com", List.of("pbx.example.com"), List.of(), 30);
        pbxPem = Files.createTempFile("pbx", ".pem");
        Files.writeString(pbxPem, store.exportChain("pbx"));
        httpsPort = Etc.freePort();
        Etc.write("rp.listener~https", "port = " + httpsPort + "\nbind = 127.0.0.1\nprotocols = http\ntls = true\n");
        // TLS ends at rp: the upstream speaks plain HTTP (the default, same, would speak TLS to it)
        Etc.write("rp.rule~pbx-web", "host = pbx.example.com\nlisteners = https\ntarget.host = 127.0.0.1\n"
                + "target.port = " + web.port() + "\ntarget.transport = tcp\n");
        // phones register over SIP/TLS with a certificate naming their user; the trust store holds what signed it
        store.generateSelfSigned("phone-101", KeyType.EC_P256, SIP_USER, List.of(), List.of(), 30);
        store.generateSelfSigned("phone-102", KeyType.EC_P256, "102", List.of(), List.of(), 30);
        store.trust("phone-101", store.exportChain("phone-101").getBytes(StandardCharsets.US_ASCII));
        store.trust("phone-102", store.exportChain("phone-102").getBytes(StandardCharsets.US_ASCII));
        sipsPort = Etc.freePort();
        Etc.write("rp.listener~sips", "port = " + sipsPort + "\nbind = 127.0.0.1\nprotocols = sip\ntls = true\n");
        Etc.write("rp.rule~registrar", "host = sip.example.com\nlisteners = sips\ntarget.host = 127.0.0.1\n"
                + "target.port = " + echo.port() + "\ntarget.transport = tcp\ncheck.certificate = true\n");
        Etc.await("HTTPS through rp", () -> curl("/ready").exitCode() == 0);
        // the SIP/TLS listener binds on its own; a test connecting before it would see a refused connection
        Etc.await("SIP/TLS through rp", () -> registersAs(SIP_USER));
    }

    @Test
    public void curlWithSniGetsTheCertificateForItsNameAndReachesAPlainUpstream() {
        Programs.Result result = curl("/PBX0/APPS/x");
        assertEquals(result.output(), 0, result.exitCode());
        assertTrue(result.output(), result.output().contains("ok /PBX0/APPS/x"));
        assertTrue(result.output(), result.output().contains("ALPN: server accepted http/1.1"));
        String head = web.heads().get(web.heads().size() - 1);
        assertEquals("https", TestUpstream.header(head, "X-Forwarded-Proto"));
    }

    @Test
    public void aClientWithoutSniGetsTheDefaultCertificate() {
        String commonName = store.info(CertificateStore.DEFAULT_NAME).orElseThrow().commonName();
        Programs.Result result = openssl("-noservername");
        assertTrue(result.output(), result.output().contains("subject=CN = " + commonName + "\n"));
        assertTrue(result.output(), result.output().contains("Protocol  : TLSv1.3")
                || result.output().contains("New, TLSv1.3"));
    }

    @Test
    public void tlsBelowOnePointTwoIsRefusedAndLogged() {
        Programs.Result result = openssl("-tls1_1", "-servername", "pbx.example.com");
        assertNotEquals(result.output(), 0, result.exitCode());
        Etc.await("the refused handshake in the access log", () -> Etc.accessLog().stream()
                .anyMatch(l -> l.contains("listener=https") && l.contains("reason=tls_handshake_failed")));
    }

    @Test
    public void aReplacedCertificateServesTheNextHandshakeWhileAnOpenConnectionGoesOn() throws Exception {
        try (SSLSocket first = tlsSocket(httpsPort, "pbx.example.com", null)) {
            X509Certificate before = (X509Certificate) first.getSession().getPeerCertificates()[0];
            assertEquals("ok /one", get(first, "/one"));
            store.generateSelfSigned("pbx", KeyType.EC_P256, "pbx.example.com", List.of("pbx.example.com"),
                    List.of(), 30);
            try (SSLSocket second = tlsSocket(httpsPort, "pbx.example.com", null)) {
                X509Certificate after = (X509Certificate) second.getSession().getPeerCertificates()[0];
                assertNotEquals(before.getSerialNumber(), after.getSerialNumber());
                assertEquals(store.info("pbx").orElseThrow().sha256Fingerprint(), fingerprint(after));
                assertEquals("ok /two", get(second, "/two"));
            }
            assertEquals("ok /three", get(first, "/three"));
        }
        Files.writeString(pbxPem, store.exportChain("pbx"));
    }

    @Test
    public void aTlsUpstreamThatRequiresAClientCertificateSeesRpsSubject() throws Exception {
        store.generateSelfSigned("rp-client", KeyType.EC_P256, "rp.example.com", List.of("rp.example.com"), List.of(), 30);
        store.generateSelfSigned("pbx-internal", KeyType.EC_P256, "pbx-internal", List.of(), List.of("127.0.0.1"), 30);
        store.trust("pbx-internal", store.exportChain("pbx-internal").getBytes(StandardCharsets.US_ASCII));
        List<String> subjects = new CopyOnWriteArrayList<>();
        try (SSLServerSocket pbx = tlsUpstream(store.keyed("pbx-internal").orElseThrow(), subjects)) {
            Etc.write("rp.rule~pbx-tls", "host = tls.example.com\nlisteners = http\ntarget.host = 127.0.0.1\n"
                    + "target.port = 1\ntarget.tls.port = " + pbx.getLocalPort() + "\ntarget.transport = tls\n"
                    + "client.certificate = rp-client\n");
            int httpPort = Integer.getInteger(KarafConfig.HTTP_PORT);
            Etc.await("HTTP relayed over TLS", () -> status(httpPort, "tls.example.com") == 200);
            assertEquals(List.of("CN=rp.example.com"), subjects.subList(0, 1));

            // without the PBX's certificate in the trust store, rp refuses to talk to it
            store.untrust("pbx-internal");
            assertEquals(502, status(httpPort, "tls.example.com"));
        } finally {
            Etc.delete("rp.rule~pbx-tls");
        }
    }

    @Test
    public void checkCertificateRelaysOnlyAPhoneWhoseCertificateNamesItsUser() throws Exception {
        byte[] register = Samples.bytes("sip/lo_sipp_register_domain.bin");
        int before = echo.connections();
        assertTrue(registersAs(SIP_USER));
        assertEquals(before + 1, echo.connections());
        for (String other : new String[] {"phone-102", null}) {
            try (SSLSocket impostor = tlsSocket(sipsPort, "sip.example.com",
                    other == null ? null : store.keyed(other).orElseThrow())) {
                impostor.getOutputStream().write(register);
                assertEquals(-1, impostor.getInputStream().read());
            } catch (IOException e) {
                // closed by rp while writing: refused as well
            }
        }
        assertEquals("no upstream connection for a wrong or missing certificate", before + 1, echo.connections());
        Etc.await("refusals in the access log", () -> Etc.accessLog().stream()
                .filter(l -> l.contains("listener=sips") && l.contains("reason=certificate_check_failed")).count() >= 2);
    }

    // ---- helpers

    /** Whether a phone presenting the certificate of {@code user} has its REGISTER relayed (echoed back). */
    private boolean registersAs(String user) {
        byte[] register = Samples.bytes("sip/lo_sipp_register_domain.bin");
        try (SSLSocket phone = tlsSocket(sipsPort, "sip.example.com", store.keyed("phone-" + user).orElseThrow())) {
            phone.getOutputStream().write(register);
            return Arrays.equals(register, phone.getInputStream().readNBytes(register.length));
        } catch (Exception e) {
            return false;
        }
    }

    private static Programs.Result curl(String path) {
        return Programs.run(20, Map.of(), List.of(Programs.require("curl", "curl"), "-sS", "-v", "--fail", "--cacert",
                pbxPem.toString(), "--resolve", "pbx.example.com:" + httpsPort + ":127.0.0.1",
                "https://pbx.example.com:" + httpsPort + path));
    }

    private static Programs.Result openssl(String... options) {
        List<String> command = new java.util.ArrayList<>(List.of(Programs.require("openssl", "openssl"), "s_client",
                "-connect", "127.0.0.1:" + httpsPort));
        command.addAll(List.of(options));
        return Programs.run(20, Map.of(), command);
    }

    private static int status(int port, String host) {
        try (HttpConnection c = new HttpConnection(port)) {
            return c.send("GET /x HTTP/1.1\r\nHost: " + host + "\r\n\r\n").read().status();
        } catch (IOException e) {
            return -1;
        }
    }

    /** A TLS client that trusts any server (the tests check the certificate themselves), with an optional key. */
    private static SSLSocket tlsSocket(int port, String sni, KeyedCertificate client) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(client == null ? null : keyManagers(client).getKeyManagers(),
                new TrustManager[] {new TrustingManager()}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(sni)));
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** A TLS upstream that requires a client certificate, records its subject and answers 200 to each request. */
    private static SSLServerSocket tlsUpstream(KeyedCertificate own, List<String> subjects) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers(own).getKeyManagers(), new TrustManager[] {new TrustingManager()}, null);
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.setSoTimeout(10_000);
                    Certificate[] peer = socket.getSession().getPeerCertificates();
                    subjects.add(((X509Certificate) peer[0]).getSubjectX500Principal().getName());
                    readHead(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // a refused handshake (rp without the client certificate) or the server closing
                }
            }
        }, "tls-upstream");
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    private static KeyManagerFactory keyManagers(KeyedCertificate keyed) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("key", keyed.privateKey(), new char[0], keyed.chain());
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keyStore, new char[0]);
        return factory;
    }

    private static String get(SSLSocket socket, String path) throws IOException {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: pbx.example.com\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        String head = readHead(socket.getInputStream());
        int length = Integer.parseInt(TestUpstream.header(head, "Content-Length"));
        return new String(socket.getInputStream().readNBytes(length), StandardCharsets.US_ASCII);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String fingerprint(X509Certificate certificate) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(hex.length() == 0 ? "" : ":").append(String.format("%02X", b));
        }
        return hex.toString();
    }
}
