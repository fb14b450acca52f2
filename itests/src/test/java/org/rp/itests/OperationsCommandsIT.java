package org.rp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.function.Predicate;

import javax.inject.Inject;
import javax.management.ObjectName;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * What an operator sees and does on a running rp: live connections and closing one, counters in the shell and as
 * JMX MBeans, blocking a source by hand, and switching the access log per decision and protocol.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OperationsCommandsIT {
    private static EchoUpstream echo;
    private static int sipPort;

    @Inject
    private SessionFactory sessionFactory;

    @Configuration
    public Option[] config() {
        return KarafConfig.options();
    }

    private KarafShell shell() {
        return new KarafShell(sessionFactory);
    }

    @Before
    public void listenerAndRule() throws IOException {
        if (echo != null) {
            return;
        }
        echo = new EchoUpstream();
        sipPort = Etc.freePort();
        Etc.write("rp.listener~sip", "port = " + sipPort + "\nbind = 127.0.0.1\nprotocols = sip\n");
        Etc.write("rp.rule~registrar", "host = sip.example.com\nlisteners = sip\ntarget.host = 127.0.0.1\n"
                + "target.port = " + echo.port() + "\n");
        Etc.await("SIP relayed", () -> {
            try (Socket phone = register(loopback(2))) {
                return true;
            } catch (IOException | AssertionError e) {
                return false;
            }
        });
    }

    @Test
    public void connectionsListsALiveConnectionAndConnectionCloseEndsIt() throws Exception {
        try (Socket phone = register(loopback(3))) {
            String listing = shell().execute("rp:connections");
            String line = listing.lines().filter(l -> l.contains("127.0.0.3:")).findFirst().orElseThrow(
                    () -> new AssertionError("no connection from 127.0.0.3 in\n" + listing));
            assertTrue(line, line.contains("sip") && line.contains("sip.example.com") && line.contains("registrar")
                    && line.contains("127.0.0.1:" + echo.port()));
            // rule | relayed | active | in | out | rejected
            Etc.await("the rule's live connection counted", () -> shell().execute("rp:stats").lines()
                    .map(row -> row.split("\\|")).anyMatch(cells -> cells.length > 2
                            && cells[0].trim().equals("registrar") && cells[2].trim().equals("1")));
            String id = line.trim().split("\\s+")[0];
            assertTrue(shell().execute("rp:connection-close " + id).contains("Closing connection " + id));
            phone.setSoTimeout(5000);
            assertEquals("rp closed the connection", -1, phone.getInputStream().read());
            Etc.await("the connection gone from the list",
                    () -> !shell().execute("rp:connections").contains("127.0.0.3:"));
        }
        assertTrue(shell().refused("rp:connection-close 999999").contains("no live connection 999999"));
    }

    @Test
    public void statsCountPerListenerAndRuleAndShowAsMBeans() throws Exception {
        try (Socket phone = register(loopback(4))) {
            phone.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
        }
        try (Socket stranger = new Socket(InetAddress.getLoopbackAddress(), sipPort)) {
            stranger.getOutputStream().write(Samples.bytes("sip/udp_wireshark_register_cybercity.bin"));
            stranger.setSoTimeout(5000);
            assertEquals(-1, stranger.getInputStream().read());
        }
        Etc.await("the counters", () -> {
            String stats = shell().execute("rp:stats");
            String sip = stats.lines().filter(l -> l.trim().startsWith("sip ")).findFirst().orElse("");
            String rule = stats.lines().filter(l -> l.trim().startsWith("registrar ")).findFirst().orElse("");
            return sip.contains("unknown_host=") && !rule.isEmpty();
        });
        ObjectName name = new ObjectName("org.rp:type=listener,name=\"sip\"");
        long relayed = (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Relayed");
        long rejected = (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Rejected");
        String reasons = (String) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "RejectedByReason");
        assertTrue("relayed " + relayed, relayed >= 2);
        assertTrue("rejected " + rejected, rejected >= 1);
        assertTrue(reasons, reasons.contains("unknown_host="));
    }

    @Test
    public void aSourceBlockedByHandIsClosedAtAcceptUntilUnblocked() throws Exception {
        assertTrue(shell().execute("rp:blacklist-add 127.0.0.6").contains("Blocked 127.0.0.6/32 until removed"));
        assertTrue(shell().execute("rp:blacklist-list").contains("127.0.0.6/32"));
        // kept in the file, which keeps its other keys
        Etc.await("127.0.0.6 in static of etc/rp.blacklist.cfg", () -> blacklistFile().contains("127.0.0.6/32"));
        assertTrue(blacklistFile(), blacklistFile().contains("exempt") && blacklistFile().contains("127.0.0.1"));
        try (Socket blocked = connect(loopback(6))) {
            blocked.setSoTimeout(5000);
            assertEquals("closed at accept", -1, blocked.getInputStream().read());
        }
        try (Socket other = register(loopback(7))) {
            // other sources go on
        }
        assertTrue(shell().refused("rp:blacklist-add evil.example.com").contains("is not an IP address"));
        assertTrue(shell().execute("rp:blacklist-remove 127.0.0.6").contains("Unblocked"));
        Etc.await("127.0.0.6 out of etc/rp.blacklist.cfg", () -> !blacklistFile().contains("127.0.0.6"));
        try (Socket again = register(loopback(6))) {
            // relayed again
        }
    }

    @Test
    public void anIdleConnectionIsClosedCountedAndLogged() throws Exception {
        int idlePort = Etc.freePort();
        Etc.write("rp.listener~idle", "port = " + idlePort + "\nbind = 127.0.0.1\nprotocols = sip\nidle.timeout.s = 1\n");
        Etc.write("rp.rule~idle-registrar", "host = sip.example.com\nlisteners = idle\ntarget.host = 127.0.0.1\n"
                + "target.port = " + echo.port() + "\n");
        try {
            byte[] register = Samples.bytes("sip/lo_sipp_register_domain.bin");
            Etc.await("the idle listener relaying", () -> {
                try (Socket phone = new Socket()) {
                    phone.bind(new InetSocketAddress(loopback(9), 0));
                    phone.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), idlePort), 5000);
                    phone.setSoTimeout(5000);
                    phone.getOutputStream().write(register);
                    if (phone.getInputStream().readNBytes(register.length).length != register.length) {
                        return false;
                    }
                    // silent both ways from now on
                    long idleSince = System.nanoTime();
                    assertEquals("closed by rp", -1, phone.getInputStream().read());
                    long idleMs = (System.nanoTime() - idleSince) / 1_000_000;
                    assertTrue("closed after " + idleMs + " ms", idleMs >= 500 && idleMs < 4000);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            // listener | accepted | relayed | active | idle closed | ...
            Etc.await("idle timeout counted", () -> shell().execute("rp:stats").lines()
                    .map(line -> line.split("\\|")).anyMatch(cells -> cells.length > 4
                            && cells[0].trim().equals("idle") && cells[4].trim().equals("1")));
            long idleTimeouts = (Long) ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(new ObjectName("org.rp:type=listener,name=\"idle\""), "IdleTimeouts");
            assertEquals(1, idleTimeouts);
            Etc.await("logged", () -> accessLogHas("close listener=idle client=127.0.0.9:")
                    && Etc.accessLog().stream().anyMatch(l -> l.contains("listener=idle") && l.endsWith("close=idle timeout")));
        } finally {
            Etc.delete("rp.rule~idle-registrar");
            Etc.delete("rp.listener~idle");
        }
    }

    @Test
    public void theAccessLogIsSwitchedPerDecisionAndProtocolWithLogSet() throws Exception {
        shell().execute("log:set OFF rp.access.rejected.sip");
        try {
            refuseUntil("rejected SIP left out", source -> !accessLogHas(sipRefusal(source)));
            // Pax Logging drops lines while it reconfigures: a second round proves the switch, not that window
            InetAddress source = refuseUntil("rejected SIP left out again", s -> !accessLogHas(sipRefusal(s)));
            try (Socket phone = register(source)) {
                // relayed SIP is still logged
            }
            Etc.await("the relayed SIP connection logged",
                    () -> accessLogHas("close listener=sip client=" + source.getHostAddress() + ":"));
        } finally {
            shell().execute("log:set DEFAULT rp.access.rejected.sip");
        }
        refuseUntil("rejected SIP logged again", source -> accessLogHas(sipRefusal(source)));
    }

    // ---- helpers

    private static int refusalRounds;

    /**
     * Rounds of a refused SIP REGISTER and then a refused HTTP request from a fresh source, until one whose HTTP line
     * (written after the SIP one would be) is logged and {@code done} holds for its source.
     */
    private static InetAddress refuseUntil(String what, Predicate<InetAddress> done) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            InetAddress source = InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) ++refusalRounds});
            try (Socket stranger = connect(source)) {
                stranger.getOutputStream().write(Samples.bytes("sip/udp_wireshark_register_cybercity.bin"));
                stranger.setSoTimeout(5000);
                assertEquals("refused", -1, stranger.getInputStream().read());
            }
            try (Socket browser = new Socket()) {
                browser.bind(new InetSocketAddress(source, 0));
                browser.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        Integer.getInteger(KarafConfig.HTTP_PORT)), 5000);
                browser.getOutputStream().write("GET / HTTP/1.1\r\nHost: nowhere.example\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                browser.setSoTimeout(5000);
                browser.getInputStream().readAllBytes();
            }
            String httpRefusal = "reject listener=http client=" + source.getHostAddress() + ":";
            for (int read = 0; read < 20 && !accessLogHas(httpRefusal); read++) {
                Thread.sleep(50);
            }
            if (accessLogHas(httpRefusal) && done.test(source)) {
                return source;
            }
        }
        throw new AssertionError(what + ": not after 50 rounds");
    }

    private static String blacklistFile() {
        try {
            return Files.readString(Etc.dir().resolve("rp.blacklist.cfg"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sipRefusal(InetAddress source) {
        return "reject listener=sip client=" + source.getHostAddress() + ":";
    }

    private static boolean accessLogHas(String text) {
        return Etc.accessLog().stream().anyMatch(line -> line.contains(text));
    }

    private static InetAddress loopback(int last) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    }

    private static Socket connect(InetAddress source) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), sipPort), 5000);
        return socket;
    }

    /** A phone's REGISTER from {@code source}, relayed to the echo upstream and back; the connection stays open. */
    private static Socket register(InetAddress source) throws IOException {
        byte[] register = Samples.bytes("sip/lo_sipp_register_domain.bin");
        Socket socket = connect(source);
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(register);
        byte[] echoed = socket.getInputStream().readNBytes(register.length);
        if (echoed.length != register.length) {
            socket.close();
            throw new IOException("not relayed");
        }
        return socket;
    }
}
