package org.rp.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@code sipp} over TCP through rp to {@code sipp} servers: a REGISTER is routed by its registrar domain to a
 * registrar, an INVITE call (INVITE, 180, 200, ACK, BYE) by its Request-URI address to a callee; a REGISTER for a
 * domain no rule names never reaches a registrar.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SipEndToEndIT {
    /** The servers live as long as the container (see {@link Programs#start}). */
    private static Process registrar;
    private static Process callee;
    private static Path scenarios;
    private static String sipp;
    private static int sipPort;

    @Configuration
    public Option[] config() {
        return KarafConfig.options();
    }

    @Before
    public void serversAndListener() throws IOException {
        sipp = Programs.require("sipp", "sip-tester");
        if (registrar != null) {
            return;
        }
        scenarios = Files.createTempDirectory("rp-sipp");
        for (String scenario : List.of("register_uac.xml", "register_uas.xml")) {
            try (InputStream in = getClass().getResourceAsStream("/sipp/" + scenario)) {
                Files.copy(in, scenarios.resolve(scenario));
            }
        }
        int registrarPort = Etc.freePort();
        registrar = Programs.start(scenarios.resolve("registrar.log"), Map.of(), List.of(sipp, "-sf",
                scenarios.resolve("register_uas.xml").toString(), "-t", "t1", "-i", "127.0.0.1",
                "-p", String.valueOf(registrarPort), "-nostdin"));
        int calleePort = Etc.freePort();
        callee = Programs.start(scenarios.resolve("callee.log"), Map.of(), List.of(sipp, "-sn", "uas", "-t", "t1",
                "-i", "127.0.0.1", "-p", String.valueOf(calleePort), "-nostdin"));
        sipPort = Etc.freePort();
        Etc.write("rp.listener~sip", "port = " + sipPort + "\nbind = 127.0.0.1\nprotocols = sip\n");
        Etc.write("rp.rule~registrar", "host = sip.example.com\nlisteners = sip\ntarget.host = 127.0.0.1\n"
                + "target.port = " + registrarPort + "\n");
        // sipp's built-in caller puts the address it calls into the Request-URI, as some phones do
        Etc.write("rp.rule~callee", "host = 127.0.0.1\nlisteners = sip\ntarget.host = 127.0.0.1\n"
                + "target.port = " + calleePort + "\n");
        Etc.await("a REGISTER through rp", () -> register("sip.example.com").exitCode() == 0);
    }

    @Test
    public void registerIsRoutedByItsRegistrarDomain() {
        Programs.Result result = register("sip.example.com");
        assertEquals(result.output(), 0, result.exitCode());
    }

    @Test
    public void inviteCallsAreRoutedByTheRequestUri() {
        Programs.Result result = client(List.of("-sn", "uac", "-s", "202", "-m", "3", "-d", "200"));
        assertEquals(result.output(), 0, result.exitCode());
    }

    @Test
    public void registerForAnUnknownDomainIsRefused() {
        Programs.Result result = register("other.example.org");
        assertNotEquals(result.output(), 0, result.exitCode());
    }

    private static Programs.Result register(String domain) {
        return client(List.of("-sf", scenarios.resolve("register_uac.xml").toString(), "-key", "domain", domain,
                "-m", "1"));
    }

    /** One sipp client run over TCP to rp; exit code 0 means every call of the scenario succeeded. */
    private static Programs.Result client(List<String> scenario) {
        List<String> command = new ArrayList<>(List.of(sipp));
        command.addAll(scenario);
        command.addAll(List.of("-t", "t1", "-i", "127.0.0.1", "-p", "0", "-timeout", "10s", "-timeout_error",
                "-nostdin", "127.0.0.1:" + sipPort));
        return Programs.run(30, Map.of(), command);
    }
}
