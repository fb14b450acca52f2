package org.rp.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.camel.CamelContext;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The foundation end to end: the assembly boots, the default listener relays HTTP by Host and path to an upstream,
 * configured by dropping files into etc/ as an operator would.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpRelayIT {
    private static final long TEN_MIB = 10L * 1024 * 1024;
    /**
     * Lives as long as the container: Pax Exam runs each test method as its own JUnit request inside Karaf, so an
     * {@code @AfterClass} here would run after every method. Its threads are daemons and end with the container.
     */
    private static TestUpstream upstream;

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() {
        return KarafConfig.options();
    }

    private static int port() {
        return Integer.getInteger(KarafConfig.HTTP_PORT);
    }

    @Before
    public void upstreamAndRule() throws Exception {
        if (upstream == null) {
            upstream = new TestUpstream();
            Etc.write("rp.rule~pbx", "host = pbx.example.com\nlisteners = http\n"
                    + "paths = /PBX0/APPS/, /PBX0/session\ntarget.host = 127.0.0.1\ntarget.port = " + upstream.port() + "\n");
            awaitStatus(200, "pbx.example.com", "/PBX0/APPS/ready");
        }
    }

    @Test
    public void relaysAllowedRequestWithForwardedHeadersReplacingClientCopies() throws Exception {
        try (HttpConnection c = new HttpConnection(port())) {
            HttpConnection.Response r = c.send("GET /PBX0/APPS/hello?x=1 HTTP/1.1\r\nHost: pbx.example.com:" + port()
                    + "\r\nX-Forwarded-For: 6.6.6.6\r\nForwarded: for=6.6.6.6\r\n\r\n").read();
            assertEquals(200, r.status());
            assertEquals("ok /PBX0/APPS/hello?x=1", r.text());
        }
        String head = lastHead("/PBX0/APPS/hello?x=1");
        assertEquals("127.0.0.1", TestUpstream.header(head, "X-Forwarded-For"));
        assertEquals("http", TestUpstream.header(head, "X-Forwarded-Proto"));
        assertEquals("for=127.0.0.1;proto=http", TestUpstream.header(head, "Forwarded"));
        assertFalse(head.contains("6.6.6.6"));
    }

    @Test
    public void downloadsTenMebibytesByteForByte() throws Exception {
        try (HttpConnection c = new HttpConnection(port())) {
            c.send("GET /PBX0/APPS/download?bytes=" + TEN_MIB + " HTTP/1.1\r\nHost: pbx.example.com\r\n\r\n");
            HttpConnection.Response r = c.read();
            assertEquals(200, r.status());
            assertEquals(TEN_MIB, r.body().length);
            for (int i = 0; i < r.body().length; i++) {
                if (r.body()[i] != TestUpstream.patternByte(i)) {
                    throw new AssertionError("byte " + i + " differs");
                }
            }
            // the same connection keeps working after a large response
            assertEquals(200, c.send("GET /PBX0/APPS/after HTTP/1.1\r\nHost: pbx.example.com\r\n\r\n").read().status());
        }
    }

    @Test
    public void uploadsTenMebibytesStreamedWithContentLengthAndChunked() throws Exception {
        byte[] body = new byte[(int) TEN_MIB];
        new Random(7).nextBytes(body);
        String sha = TestUpstream.hex(MessageDigest.getInstance("SHA-256").digest(body));
        try (HttpConnection c = new HttpConnection(port())) {
            c.send("POST /PBX0/APPS/upload HTTP/1.1\r\nHost: pbx.example.com\r\nContent-Length: " + body.length + "\r\n\r\n");
            c.send(body);
            assertEquals("length=" + body.length + " sha256=" + sha, c.read().text());

            c.send("POST /PBX0/APPS/upload HTTP/1.1\r\nHost: pbx.example.com\r\nTransfer-Encoding: chunked\r\n\r\n");
            OutputStream out = c.output();
            for (int off = 0; off < body.length; off += 100_000) {
                int len = Math.min(100_000, body.length - off);
                out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, off, len);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("length=" + body.length + " sha256=" + sha, c.read().text());
        }
    }

    @Test
    public void rejectsForbiddenHostAndPathBeforeTheUpstreamSeesAnything() throws Exception {
        int before = upstream.heads().size();
        assertEquals(403, request("evil.example.com", "/PBX0/APPS/x").status());
        assertEquals(403, request("pbx.example.com", "/PBX0/ADMIN/x").status());
        assertEquals(403, request("pbx.example.com", "/PBX0/APPS/../ADMIN/x").status());
        assertEquals(before, upstream.heads().size());
    }

    @Test
    public void rejectsSecondForbiddenRequestOnAKeepAliveConnection() throws Exception {
        int before = upstream.heads().size();
        try (HttpConnection c = new HttpConnection(port())) {
            assertEquals(200, c.send("GET /PBX0/APPS/first HTTP/1.1\r\nHost: pbx.example.com\r\n\r\n").read().status());
            assertEquals(403, c.send("GET /PBX0/ADMIN/second HTTP/1.1\r\nHost: pbx.example.com\r\n\r\n").read().status());
            assertTrue(c.closedByPeer());
        }
        assertEquals(before + 1, upstream.heads().size());
        assertFalse(upstream.heads().stream().anyMatch(h -> h.contains("/PBX0/ADMIN/second")));
    }

    @Test
    public void answersPipelinedForbiddenRequestOnlyAfterTheAllowedResponse() throws Exception {
        try (HttpConnection c = new HttpConnection(port())) {
            c.send("GET /PBX0/APPS/download?bytes=300000 HTTP/1.1\r\nHost: pbx.example.com\r\n\r\n"
                    + "GET /PBX0/ADMIN/x HTTP/1.1\r\nHost: pbx.example.com\r\n\r\n");
            HttpConnection.Response allowed = c.read();
            assertEquals(200, allowed.status());
            assertEquals(300000, allowed.body().length);
            assertEquals(403, c.read().status());
        }
    }

    @Test
    public void rejectsMalformedRequestsWith400() throws Exception {
        int before = upstream.heads().size();
        String[] malformed = {
            "GET /PBX0/APPS/x HTTP/1.1\r\nHost: pbx.example.com\r\nHost: evil.example.com\r\n\r\n",
            "POST /PBX0/APPS/x HTTP/1.1\r\nHost: pbx.example.com\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
            "GET /PBX0/APPS/%2e%2e/ADMIN HTTP/1.1\r\nHost: pbx.example.com\r\n\r\n",
            "GET /PBX0/APPS/x HTTP/1.1\r\nHost: pbx.example.com\r\nX-A: 1\r\n folded\r\n\r\n",
        };
        for (String request : malformed) {
            try (HttpConnection c = new HttpConnection(port())) {
                assertEquals(request, 400, c.send(request).read().status());
            }
        }
        assertEquals(before, upstream.heads().size());
    }

    @Test
    public void relaysWebSocketFramesBothWays() throws Exception {
        try (HttpConnection c = new HttpConnection(port())) {
            c.send("GET /PBX0/APPS/websocket HTTP/1.1\r\nHost: pbx.example.com\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            String head = TestUpstream.readHead(c.input());
            assertTrue(head, head.startsWith("HTTP/1.1 101"));
            assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", TestUpstream.header(head, "Sec-WebSocket-Accept"));
            for (String text : new String[] {"hello", "GET /PBX0/ADMIN/ HTTP/1.1 is just data now"}) {
                byte[] payload = text.getBytes(StandardCharsets.UTF_8);
                byte[] mask = {1, 2, 3, 4};
                c.output().write(new byte[] {(byte) 0x81, (byte) (0x80 | payload.length)});
                c.output().write(mask);
                for (int i = 0; i < payload.length; i++) {
                    c.output().write(payload[i] ^ mask[i % 4]);
                }
                c.output().flush();
                InputStream in = c.input();
                assertEquals(0x81, in.read());
                assertEquals(payload.length, in.read());
                assertArrayEquals(payload, in.readNBytes(payload.length));
            }
        }
    }

    @Test
    public void appliesRuleChangesLiveWhileALongTransferContinues() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (HttpConnection slow = new HttpConnection(port())) {
            slow.send("GET /PBX0/APPS/download?bytes=" + TEN_MIB + " HTTP/1.1\r\nHost: pbx.example.com\r\n\r\n");
            // read a little, then let the download sit half-way while the rules change under it
            String head = TestUpstream.readHead(slow.input());
            byte[] start = slow.input().readNBytes(1000);
            assertEquals(TestUpstream.patternByte(999), start[999]);

            Etc.write("rp.rule~live", "host = live.example.com\ntarget.host = 127.0.0.1\ntarget.port = " + upstream.port() + "\n");
            awaitStatus(200, "live.example.com", "/anything");
            Etc.delete("rp.rule~live");
            awaitStatus(403, "live.example.com", "/anything");
            // a listener change that keeps its socket applies to new connections and leaves this one alone
            String listener = new String(Files.readAllBytes(Etc.dir().resolve("rp.listener~http.cfg")), StandardCharsets.UTF_8);
            Etc.write("rp.listener~http", listener + "\nfirst.message.max.bytes = 300\n");
            awaitStatus(400, "pbx.example.com", "/PBX0/APPS/" + "x".repeat(400));
            Etc.write("rp.listener~http", listener);
            awaitStatus(200, "pbx.example.com", "/PBX0/APPS/" + "x".repeat(400));

            Callable<Long> rest = () -> {
                long n = 1000;
                byte[] buffer = new byte[65536];
                for (int read; n < TEN_MIB && (read = slow.input().read(buffer, 0, (int) Math.min(buffer.length, TEN_MIB - n))) > 0; n += read) {
                    for (int i = 0; i < read; i++) {
                        if (buffer[i] != TestUpstream.patternByte(n + i)) {
                            throw new AssertionError("byte " + (n + i) + " differs");
                        }
                    }
                }
                return n;
            };
            Future<Long> finished = pool.submit(rest);
            assertTrue(head.startsWith("HTTP/1.1 200"));
            assertEquals(Long.valueOf(TEN_MIB), finished.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void answers502WhenTheUpstreamIsDown() throws Exception {
        Etc.write("rp.rule~down", "host = down.example.com\ntarget.host = 127.0.0.1\ntarget.port = "
                + KarafConfig.freePort() + "\n");
        awaitStatus(502, "down.example.com", "/x");
        Etc.delete("rp.rule~down");
    }

    @Test
    public void answers502WhenTheUpstreamClosesWithoutAnswering() throws Exception {
        try (HttpConnection c = new HttpConnection(port())) {
            assertEquals(200, c.send("GET /PBX0/APPS/before HTTP/1.1\r\nHost: pbx.example.com\r\n\r\n").read().status());
            assertEquals(502, c.send("GET /PBX0/APPS/hangup HTTP/1.1\r\nHost: pbx.example.com\r\n\r\n").read().status());
        }
    }

    @Test
    public void sendsProxyProtocolAndCanLeaveTheHeadUntouched() throws Exception {
        Etc.write("rp.rule~raw", "host = raw.example.com\ntarget.host = 127.0.0.1\ntarget.port = " + upstream.port()
                + "\nforwarded.headers = false\nproxy.protocol = v1\n");
        awaitStatus(200, "raw.example.com", "/ready");
        String request = "GET /exact HTTP/1.1\r\nHost: raw.example.com\r\nX-Forwarded-For: 10.1.1.1\r\n\r\n";
        try (HttpConnection c = new HttpConnection(port())) {
            assertEquals(200, c.send(request).read().status());
        }
        String head = lastHead("/exact");
        assertTrue(head, head.matches("PROXY TCP4 127\\.0\\.0\\.1 127\\.0\\.0\\.1 \\d+ " + port() + "\r\n[\\s\\S]*"));
        assertEquals(request, head.substring(head.indexOf("\r\n") + 2));
        Etc.delete("rp.rule~raw");
    }

    @Test
    public void reusesAnIdleUpstreamConnectionForTheNextClient() throws Exception {
        // connections are spread over the I/O threads, and each thread has its own pool: warm them all
        for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
            request("pbx.example.com", "/PBX0/APPS/warm");
        }
        int before = upstream.connections();
        for (int i = 0; i < 5; i++) {
            assertEquals(200, request("pbx.example.com", "/PBX0/APPS/again" + i).status());
        }
        // a client that asks to close gets its answer and its close; the upstream connection stays for the next
        for (int i = 0; i < 5; i++) {
            try (HttpConnection c = new HttpConnection(port())) {
                HttpConnection.Response r = c.send("GET /PBX0/APPS/last" + i
                        + " HTTP/1.1\r\nHost: pbx.example.com\r\nConnection: close\r\n\r\n").read();
                assertEquals(200, r.status());
                assertEquals("close", TestUpstream.header(r.head(), "Connection"));
                assertTrue(c.closedByPeer());
            }
            assertEquals(null, TestUpstream.header(lastHead("/PBX0/APPS/last" + i), "Connection"));
        }
        assertEquals("upstream connections opened for 10 clients in a row", before, upstream.connections());
    }

    @Test
    public void answersAClientThatHalfClosedAfterItsRequest() throws Exception {
        try (HttpConnection c = new HttpConnection(port())) {
            c.send("GET /PBX0/APPS/half HTTP/1.1\r\nHost: pbx.example.com\r\n\r\n").finishSending();
            HttpConnection.Response r = c.read();
            assertEquals(200, r.status());
            assertEquals("ok /PBX0/APPS/half", r.text());
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    public void closesAClientThatDoesNotFinishItsFirstMessageInTime() throws Exception {
        int before = upstream.heads().size();
        try (HttpConnection c = new HttpConnection(port())) {
            long start = System.nanoTime();
            c.send("GET /PBX0/APPS/slow HTTP/1.1\r\nHost: pbx.exa");
            assertTrue(c.closedByPeer());
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue("closed after " + waitedMs + " ms", waitedMs >= KarafConfig.SNIFF_TIMEOUT_MS - 100);
        }
        assertEquals(before, upstream.heads().size());
    }

    @Test
    public void listenerBoundToAnIpv4AddressDoesNotAcceptIpv6() throws Exception {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getByName("::1"), port()), 2000);
            throw new AssertionError("bind = 127.0.0.1 accepted a connection on [::1]");
        } catch (java.net.ConnectException | java.net.NoRouteToHostException | java.net.SocketTimeoutException expected) {
            // refused, as the configuration says
        }
    }

    @Test
    public void publishesTheListenerAsACamelRoute() {
        CamelContext camel = publishedCamelContext();
        assertNotNull("route listener-http", camel.getRoute("listener-http"));
        assertEquals("Started", camel.getRouteController().getRouteStatus("listener-http").name());
    }

    // ---- helpers

    /** The CamelContext rp publishes as an OSGi service, which is how camel:route-list finds it. */
    private CamelContext publishedCamelContext() {
        for (int i = 0; i < 100; i++) {
            ServiceReference<CamelContext> ref = bundleContext.getServiceReference(CamelContext.class);
            if (ref != null) {
                return bundleContext.getService(ref);
            }
            Etc.sleep(100);
        }
        throw new AssertionError("no CamelContext service");
    }

    private static HttpConnection.Response request(String host, String path) throws IOException {
        try (HttpConnection c = new HttpConnection(port())) {
            return c.send("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").read();
        }
    }

    /** Waits (at most 30 s) until rp answers the request with the status: configuration changes apply within seconds. */
    private static void awaitStatus(int status, String host, String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = request(host, path).status();
                if (last == status) {
                    return;
                }
            } catch (IOException e) {
                // listener not bound yet
            }
            Etc.sleep(200);
        }
        throw new AssertionError("expected " + status + " for " + host + path + ", last answer " + last);
    }

    private static String lastHead(String target) {
        for (int i = upstream.heads().size() - 1; i >= 0; i--) {
            String head = upstream.heads().get(i);
            if (head.contains(" " + target + " ")) {
                return head;
            }
        }
        throw new AssertionError("upstream never saw " + target);
    }
}
