package org.rp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

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
 * JMX MBeans, and blocking a source by hand.
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
        try (Socket blocked = connect(loopback(6))) {
            blocked.setSoTimeout(5000);
            assertEquals("closed at accept", -1, blocked.getInputStream().read());
        }
        try (Socket other = register(loopback(7))) {
            // other sources go on
        }
        assertTrue(shell().refused("rp:blacklist-add evil.example.com").contains("is not an IP address"));
        assertTrue(shell().execute("rp:blacklist-remove 127.0.0.6").contains("Unblocked"));
        try (Socket again = register(loopback(6))) {
            // relayed again
        }
    }

    // ---- helpers

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
