package org.rp.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.rp.api.sniff.Sniffer;

/**
 * The sniffer bundle is replaced in the running container while 50 connections relay through rp: none of them is
 * dropped, rp-routes is neither stopped nor refreshed, and the next connection is sniffed by the new build (the
 * access log names the sniffer build that decided each connection).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT {
    private static final String HOTSWAP_QUALIFIER = "hotswap";
    private static final int CONNECTIONS = 50;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return KarafConfig.options();
    }

    @Test
    public void updatingTheSnifferBundleDropsNoConnection() throws Exception {
        EchoUpstream echo = new EchoUpstream();
        TestUpstream web = new TestUpstream();
        int sipPort = Etc.freePort();
        int httpPort = Integer.getInteger(KarafConfig.HTTP_PORT);
        Etc.write("rp.listener~sip", "port = " + sipPort + "\nbind = 127.0.0.1\nprotocols = sip\n");
        Etc.write("rp.rule~registrar", "host = sip.example.com\nlisteners = sip\ntarget.host = 127.0.0.1\n"
                + "target.port = " + echo.port() + "\n");
        Etc.write("rp.rule~web", "host = web.example.com\nlisteners = http\ntarget.host = 127.0.0.1\n"
                + "target.port = " + web.port() + "\n");
        byte[] register = Samples.bytes("sip/lo_sipp_register_domain.bin");
        Etc.await("SIP relaying", () -> sipRelays(sipPort, register));
        Etc.await("HTTP relaying", () -> httpAnswers(httpPort));

        // half SIP connections (bytes relayed as they are), half HTTP keep-alive (every request sniffed again)
        List<Socket> sip = new ArrayList<>();
        List<HttpConnection> http = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS / 2; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), sipPort);
            socket.setSoTimeout(5000);
            exchange(socket, register);
            sip.add(socket);
            HttpConnection connection = new HttpConnection(httpPort);
            assertEquals(200, connection.send(get(i)).read().status());
            http.add(connection);
        }

        Bundle routes = bundle("rp-routes");
        Bundle sniffers = bundle("rp-sniffers");
        long routesModified = routes.getLastModified();
        List<BundleEvent> routesEvents = new CopyOnWriteArrayList<>();
        BundleListener watcher = event -> {
            if (event.getBundle().getBundleId() == routes.getBundleId()) {
                routesEvents.add(event);
            }
        };
        context.addBundleListener(watcher);
        Version newVersion = new Version(sniffers.getVersion().getMajor(), sniffers.getVersion().getMinor(),
                sniffers.getVersion().getMicro(), HOTSWAP_QUALIFIER);
        try (InputStream jar = withVersion(Paths.get(System.getProperty(KarafConfig.SNIFFERS_JAR)), newVersion)) {
            sniffers.update(jar);
        }
        refresh(sniffers);
        context.removeBundleListener(watcher);

        assertEquals(newVersion, sniffers.getVersion());
        assertEquals("rp-routes saw no stop, refresh or update: " + routesEvents, List.of(), routesEvents);
        assertEquals(Bundle.ACTIVE, routes.getState());
        assertEquals(routesModified, routes.getLastModified());
        for (BundleWire wire : routes.adapt(BundleWiring.class).getRequiredWires(null)) {
            assertTrue("rp-routes is wired to " + wire.getProvider(),
                    wire.getProvider().getBundle().getBundleId() != sniffers.getBundleId());
        }
        Etc.await("sniffer services of the new build", () -> snifferServicesFrom(sniffers) >= 5);

        for (int i = 0; i < sip.size(); i++) {
            exchange(sip.get(i), ("OPTIONS after update " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, http.get(i).send(get(i)).read().status());
        }
        for (int i = 0; i < sip.size(); i++) {
            sip.get(i).close();
            http.get(i).close();
        }

        String newSniffer = " sniffer=" + sniffers.getSymbolicName() + "/" + newVersion + " ";
        assertTrue("no connection was decided by the new build yet", Etc.accessLog().stream().noneMatch(l -> l.contains(newSniffer)));
        assertTrue(sipRelays(sipPort, register));
        Etc.await("an access log line of a SIP connection decided by the new build", () -> Etc.accessLog().stream()
                .anyMatch(l -> l.contains(" listener=sip ") && l.contains(newSniffer) && l.contains(" decision=relay ")));
    }

    private static String get(int i) {
        return "GET /hello/" + i + " HTTP/1.1\r\nHost: web.example.com\r\n\r\n";
    }

    private static boolean sipRelays(int port, byte[] message) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            exchange(socket, message);
            return true;
        } catch (IOException | AssertionError e) {
            return false;
        }
    }

    private static boolean httpAnswers(int port) {
        try (HttpConnection connection = new HttpConnection(port)) {
            return connection.send(get(0)).read().status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends the bytes and expects the echo upstream to send them back. */
    private static void exchange(Socket socket, byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        byte[] echoed = new byte[bytes.length];
        InputStream in = socket.getInputStream();
        for (int off = 0; off < echoed.length; ) {
            int n = in.read(echoed, off, echoed.length - off);
            if (n < 0) {
                throw new IOException("closed after " + off + " of " + echoed.length + " bytes");
            }
            off += n;
        }
        assertArrayEquals(bytes, echoed);
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** Refreshes as {@code bundle:update} does, and waits for it to finish. */
    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertTrue("refresh finished", done.await(30, TimeUnit.SECONDS));
    }

    private int snifferServicesFrom(Bundle bundle) {
        try {
            int count = 0;
            for (var reference : context.getServiceReferences(Sniffer.class, null)) {
                if (reference.getBundle() != null && reference.getBundle().getBundleId() == bundle.getBundleId()) {
                    count++;
                }
            }
            return count;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** The built sniffer jar with another Bundle-Version: what an operator's newer build looks like to OSGi. */
    private static InputStream withVersion(Path jar, Version version) throws IOException {
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version.toString());
            try (JarOutputStream out = new JarOutputStream(rewritten, manifest)) {
                for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return new java.io.ByteArrayInputStream(rewritten.toByteArray());
    }
}
