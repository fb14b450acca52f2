package org.rp.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;

/**
 * Boots the assembly built in this reactor. Runs in the JUnit JVM: ports are chosen here and handed to the tests
 * (which run inside Karaf) as system properties.
 */
final class KarafConfig {
    static final String HTTP_PORT = "rp.it.http.port";
    static final String CONFORMANCE_DIR = "rp.conformance.dir";
    static final String SNIFFERS_JAR = "rp.sniffers.jar";
    static final int SNIFF_TIMEOUT_MS = 1500;

    private KarafConfig() {
    }

    static Option[] options() {
        String assembly = required("rp.assembly");
        String repository = required("rp.maven.repo.local");
        int httpPort = freePort();
        return new Option[] {
                karafDistributionConfiguration().frameworkUrl("file:" + assembly).name("rp").karafVersion("4.4.10")
                        .unpackDirectory(new File("target/exam")).useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevelOption.LogLevel.INFO),
                // the container resolves Pax Exam's own bundles from the build's repository
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", repository),
                // fixed ports of the distribution moved to free ones, so tests never collide with a running rp
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(freePort())),
                editConfigurationFilePut("etc/rp.listener~http.cfg", "port", String.valueOf(httpPort)),
                editConfigurationFilePut("etc/rp.listener~http.cfg", "bind", "127.0.0.1"),
                editConfigurationFilePut("etc/rp.listener~http.cfg", "sniff.timeout.ms", String.valueOf(SNIFF_TIMEOUT_MS)),
                // the tests send many refused requests from 127.0.0.1 on purpose; ProtectionIT uses other sources
                editConfigurationFilePut("etc/rp.blacklist.cfg", "exempt", "127.0.0.1"),
                systemProperty(HTTP_PORT).value(String.valueOf(httpPort)),
                systemProperty(CONFORMANCE_DIR).value(required(CONFORMANCE_DIR)),
                systemProperty(SNIFFERS_JAR).value(required(SNIFFERS_JAR)),
                // what bin/karaf adds on Java 9+; Pax Exam does not (the JVM runs in the Karaf directory)
                CoreOptions.vmOptions(
                        "--add-reads=java.xml=java.logging",
                        "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                        "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-4.4.10.jar",
                        "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-4.4.10.jar",
                        "--add-opens", "java.base/java.security=ALL-UNNAMED",
                        "--add-opens", "java.base/java.net=ALL-UNNAMED",
                        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "--add-opens", "java.base/java.util=ALL-UNNAMED",
                        "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                        "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                        "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                        "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                        "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                        "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                        "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
                        "-Djava.security.manager=allow",
                        "-Xmx512m"),
        };
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(property + " is not set: run the itests through Maven (mvn verify)");
        }
        return value;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
