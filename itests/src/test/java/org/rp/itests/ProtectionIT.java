package org.rp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.management.JMException;
import javax.management.ObjectName;

import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Protection at accept, with clients on several loopback addresses (127.0.0.2, .3, ...) as separate sources: a
 * slow-loris flood closed at the sniff timeout while an ordinary client keeps getting answers, the per-source limit,
 * and the automatic blacklist. The methods run in name order: the blacklist test blocks its source.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ProtectionIT {
    private static final int SLOW_LORIS_CONNECTIONS = 2000;
    private static final InetAddress ORDINARY = loopback(2);
    private static final InetAddress LORIS = loopback(3);
    private static final InetAddress GREEDY = loopback(4);
    private static final InetAddress SCANNER = loopback(5);
    private static TestUpstream web;
    private static int port;

    @Configuration
    public Option[] config() {
        return KarafConfig.options();
    }

    @Before
    public void listenerAndRule() {
        if (web != null) {
            return;
        }
        try {
            web = new TestUpstream();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        port = Etc.freePort();
        Etc.write("rp.blacklist", "suspicious.per.minute = 5\nblock.minutes = 1\nexempt = 127.0.0.1\n");
        Etc.write("rp.listener~guarded", "port = " + port + "\nbind = 127.0.0.1\nprotocols = http\n"
                + "sniff.timeout.ms = " + KarafConfig.SNIFF_TIMEOUT_MS + "\nmax.connections = 5000\n"
                + "max.connections.per.source = " + (SLOW_LORIS_CONNECTIONS + 10) + "\n");
        Etc.write("rp.rule~web", "host = web.example.com\nlisteners = guarded\ntarget.host = 127.0.0.1\n"
                + "target.port = " + web.port() + "\n");
        Etc.await("the guarded listener", () -> status(ORDINARY, "web.example.com") == 200);
    }

    @Test
    public void a_slowLorisIsClosedAtTheSniffTimeoutWhileOthersAreServed() throws Exception {
        List<Socket> loris = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_LORIS_CONNECTIONS; i++) {
                Socket socket = connect(LORIS);
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: web.exa".getBytes(StandardCharsets.US_ASCII));
                loris.add(socket);
            }
            for (int i = 0; i < 10; i++) {
                long start = System.nanoTime();
                assertEquals(200, status(ORDINARY, "web.example.com"));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue("an ordinary request took " + millis + " ms", millis < 1000);
            }
            Etc.sleep(KarafConfig.SNIFF_TIMEOUT_MS + 1000);
            int closed = 0;
            for (Socket socket : loris) {
                socket.setSoTimeout(5000);
                if (endOfStream(socket.getInputStream())) {
                    closed++;
                }
            }
            assertEquals("every slow connection was closed by rp", SLOW_LORIS_CONNECTIONS, closed);
        } finally {
            for (Socket socket : loris) {
                socket.close();
            }
        }
        assertEquals(200, status(ORDINARY, "web.example.com"));
    }

    @Test
    public void b_theLimitPerSourceHoldsWhileOtherSourcesKeepWorking() throws Exception {
        Etc.write("rp.listener~guarded", "port = " + port + "\nbind = 127.0.0.1\nprotocols = http\n"
                + "sniff.timeout.ms = 5000\nmax.connections.per.source = 3\n");
        Etc.await("the new limit", () -> {
            try (Socket a = connect(GREEDY); Socket b = connect(GREEDY); Socket c = connect(GREEDY);
                 Socket d = connect(GREEDY)) {
                // well before the sniff timeout, whose close would look the same
                d.setSoTimeout(1000);
                return endOfStream(d.getInputStream()) && refusedFor("source_connection_limit");
            } catch (IOException e) {
                return false;
            }
        });
        List<Socket> held = new ArrayList<>();
        try {
            // three connections that rp has admitted (each answered once); the closes of the connections above may
            // still be on their way, which can refuse one of these for a moment
            Etc.await("three connections admitted", () -> {
                try {
                    Socket socket = connect(GREEDY);
                    if (answered(socket)) {
                        held.add(socket);
                    } else {
                        socket.close();
                    }
                } catch (IOException e) {
                    // refused: tried again
                }
                return held.size() == 3;
            });
            try (Socket fourth = connect(GREEDY)) {
                fourth.setSoTimeout(1000);
                assertTrue("the fourth connection from one source is closed at accept",
                        endOfStream(fourth.getInputStream()));
            }
            assertEquals(200, status(ORDINARY, "web.example.com"));
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        Etc.await("a freed place", () -> status(GREEDY, "web.example.com") == 200);
        assertCountedAndLogged("source_connection_limit", GREEDY);
    }

    @Test
    public void b2_theListenerLimitAndTheRateLimitAreCountedAndLogged() throws Exception {
        String guarded = "port = " + port + "\nbind = 127.0.0.1\nprotocols = http\nsniff.timeout.ms = 5000\n";
        Etc.write("rp.listener~guarded", guarded + "max.connections = 2\n");
        InetAddress third = loopback(8);
        Etc.await("the listener limit", () -> {
            try (Socket a = connect(loopback(6)); Socket b = connect(loopback(7)); Socket c = connect(third)) {
                // well before the sniff timeout (of the settings before, too), whose close would look the same
                c.setSoTimeout(1000);
                return answered(a) && answered(b) && endOfStream(c.getInputStream())
                        && refusedFor("connection_limit");
            } catch (IOException e) {
                return false;
            }
        });
        assertCountedAndLogged("connection_limit", third);

        Etc.write("rp.listener~guarded", guarded + "max.new.connections.per.second.per.source = 2\n");
        InetAddress hasty = loopback(9);
        Etc.await("the rate limit", () -> {
            // the third new connection within a second is closed at accept (while the listener limit of the
            // settings before is in force, for that reason)
            try (Socket a = connect(hasty); Socket b = connect(hasty); Socket c = connect(hasty)) {
                c.setSoTimeout(1000);
                return endOfStream(c.getInputStream()) && refusedFor("source_rate_limit");
            } catch (IOException e) {
                return false;
            }
        });
        assertCountedAndLogged("source_rate_limit", hasty);
        Etc.sleep(1100);
        assertEquals("a second later the source is served again", 200, status(hasty, "web.example.com"));
        Etc.write("rp.listener~guarded", guarded);
    }

    @Test
    public void c_aSourceThatKeepsSendingSuspiciousRequestsIsBlockedForAWhile() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertEquals(403, status(SCANNER, "evil.example.com"));
        }
        try (Socket blocked = connect(SCANNER)) {
            blocked.setSoTimeout(5000);
            blocked.getOutputStream().write("GET / HTTP/1.1\r\nHost: web.example.com\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue("closed at accept without an answer", endOfStream(blocked.getInputStream()));
        } catch (IOException e) {
            // reset while writing: closed at accept as well
        }
        assertEquals("other sources are not affected", 200, status(ORDINARY, "web.example.com"));
        // block.minutes = 1
        Etc.sleep(61_000);
        assertEquals(200, status(SCANNER, "web.example.com"));
    }

    // ---- helpers

    private static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The refusal is counted for the listener (its MBean) and has its access-log line. */
    private static void assertCountedAndLogged(String reason, InetAddress source) {
        assertTrue(rejectedByReason(), refusedFor(reason));
        Etc.await(reason + " in the access log", () -> Etc.accessLog().stream().anyMatch(line ->
                line.contains("reject listener=guarded client=" + source.getHostAddress() + ":")
                        && line.contains("reason=" + reason)));
    }

    /** The guarded listener's refusals by reason, from its MBean. */
    /** Whether the listener's MBean has counted refusals for the reason ("reason=n" separated by spaces). */
    private static boolean refusedFor(String reason) {
        return Arrays.stream(rejectedByReason().split(" ")).anyMatch(counted -> counted.startsWith(reason + "="));
    }

    private static String rejectedByReason() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("org.rp:type=listener,name=\"guarded\""), "RejectedByReason");
        } catch (JMException e) {
            throw new AssertionError(e);
        }
    }

    private static Socket connect(InetAddress source) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        return socket;
    }

    private static int status(InetAddress source, String host) {
        try (Socket socket = connect(source)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /x HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Sends one keep-alive request; true if rp relayed it (the connection stays open). */
    private static boolean answered(Socket socket) {
        try {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /x HTTP/1.1\r\nHost: web.example.com\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] status = socket.getInputStream().readNBytes(12);
            return new String(status, StandardCharsets.US_ASCII).equals("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    /** True if the peer closed (end of stream or reset) before sending anything. */
    private static boolean endOfStream(InputStream in) throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
