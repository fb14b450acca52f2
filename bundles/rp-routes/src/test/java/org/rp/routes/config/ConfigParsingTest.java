package org.rp.routes.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.rp.api.Protocol;
import org.rp.api.route.ProxyProtocol;
import org.rp.api.route.Rule;
import org.rp.api.route.TargetTransport;

public class ConfigParsingTest {

    private static Map<String, Object> config(String pid, String... keyValues) {
        Map<String, Object> map = new HashMap<>();
        map.put("service.pid", pid);
        map.put("service.factoryPid", pid.substring(0, pid.indexOf('~')));
        map.put("felix.fileinstall.filename", "file:/opt/rp/etc/" + pid + ".cfg");
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static String problem(Runnable parse) {
        try {
            parse.run();
        } catch (InvalidConfigurationException e) {
            return e.getMessage();
        }
        fail("expected the configuration to be refused");
        return null;
    }

    @Test
    public void listenerTakesDefaultsFromTheContract() {
        ListenerSettings s = ListenerSettings.parse("http", config("rp.listener~http", "port", "8080", "protocols", "http"));
        assertEquals("http", s.name());
        assertEquals("0.0.0.0", s.bind());
        assertEquals(Set.of(Protocol.HTTP), s.protocols());
        assertEquals(5000, s.sniffTimeoutMs());
        assertEquals(16384, s.firstMessageMaxBytes());
        assertEquals(3600, s.idleTimeoutS());
        assertEquals(10000, s.maxConnections());
        assertEquals(100, s.maxConnectionsPerSource());
        assertEquals(0, s.maxNewConnectionsPerSecondPerSource());
        assertFalse(s.tls());
    }

    @Test
    public void listenerReadsSeveralProtocols() {
        ListenerSettings s = ListenerSettings.parse("edge", config("rp.listener~edge", "port", "9000", "bind", "::",
                "protocols", "http, ldap,h323 , sip"));
        assertEquals(Set.of(Protocol.HTTP, Protocol.LDAP, Protocol.H323, Protocol.SIP), s.protocols());
        assertEquals("::", s.bind());
    }

    @Test
    public void tlsInProtocolsIsPassThroughOnAPlainListenerOnly() {
        ListenerSettings s = ListenerSettings.parse("pass", config("rp.listener~pass", "port", "9443",
                "protocols", "tls, http"));
        assertEquals(Set.of(Protocol.TLS, Protocol.HTTP), s.protocols());
        String message = problem(() -> ListenerSettings.parse("x", config("rp.listener~x", "port", "9443",
                "protocols", "tls", "tls", "true")));
        assertTrue(message, message.contains("protocols = tls means TLS pass-through"));
    }

    @Test
    public void listenerRefusesBadValuesNamingEachKey() {
        String message = problem(() -> ListenerSettings.parse("x", config("rp.listener~x", "port", "80o80",
                "protocols", "http, smtp", "bind", "example.com", "sniff.timeout.ms", "-1", "prot", "http")));
        assertTrue(message, message.contains("port = 80o80 is not a whole number"));
        assertTrue(message, message.contains("unknown protocol 'smtp'"));
        assertTrue(message, message.contains("bind = example.com is not an IP address"));
        assertTrue(message, message.contains("sniff.timeout.ms = -1 is out of range"));
        assertTrue(message, message.contains("unknown key(s) [prot]"));
    }

    @Test
    public void listenerRequiresPortAndProtocols() {
        String message = problem(() -> ListenerSettings.parse("x", config("rp.listener~x")));
        assertTrue(message, message.contains("port is required"));
        assertTrue(message, message.contains("protocols is required"));
    }

    @Test
    public void onlyASocketChangeNeedsARebind() {
        ListenerSettings a = ListenerSettings.parse("x", config("rp.listener~x", "port", "8080", "protocols", "http"));
        ListenerSettings b = ListenerSettings.parse("x", config("rp.listener~x", "port", "8080", "protocols", "http",
                "idle.timeout.s", "60"));
        ListenerSettings c = ListenerSettings.parse("x", config("rp.listener~x", "port", "8081", "protocols", "http"));
        assertTrue(a.sameSocket(b));
        assertFalse(a.sameSocket(c));
    }

    @Test
    public void ruleReadsTheContractKeys() {
        Rule r = RuleParser.parse("pbx-web", config("rp.rule~pbx-web", "host", "PBX.Example.COM.", "listeners", "http, https",
                "paths", "/PBX0/APPCLIENT/, /PBX0/APPS/, /PBX0/session, /OAUTH2/oauth2_login",
                "target.host", "127.0.0.1", "target.port", "80", "target.tls.port", "443",
                "forwarded.headers", "false", "proxy.protocol", "v2", "target.transport", "tls",
                "target.verify", "false", "client.certificate", "rp-client", "check.certificate", "true"));
        assertEquals("pbx-web", r.name());
        assertEquals("pbx.example.com", r.host());
        assertEquals(Set.of("http", "https"), r.listeners());
        assertEquals(List.of("/PBX0/APPCLIENT/", "/PBX0/APPS/", "/PBX0/session", "/OAUTH2/oauth2_login"), r.paths());
        assertEquals(80, r.target().port());
        assertEquals(443, r.target().tlsPort());
        assertFalse(r.forwardedHeaders());
        assertEquals(ProxyProtocol.V2, r.proxyProtocol());
        assertEquals(TargetTransport.TLS, r.target().transport());
        assertFalse(r.target().verify());
        assertEquals("rp-client", r.target().clientCertificate());
        assertTrue(r.checkCertificate());
    }

    @Test
    public void ruleDefaultsToAllListenersRootPathAndForwardedHeaders() {
        Rule r = RuleParser.parse("r", config("rp.rule~r", "host", "*.example.com", "target.host", "pbx.lan",
                "target.port", "8080"));
        assertTrue(r.listeners().isEmpty());
        assertEquals(List.of("/"), r.paths());
        assertEquals(8080, r.target().tlsPort());
        assertTrue(r.forwardedHeaders());
        assertEquals(ProxyProtocol.NONE, r.proxyProtocol());
        assertEquals(TargetTransport.SAME, r.target().transport());
        assertTrue(r.target().verify());
        assertNull(r.target().clientCertificate());
        assertFalse(r.checkCertificate());
    }

    @Test
    public void ruleRefusesBadValuesNamingEachKey() {
        String message = problem(() -> RuleParser.parse("r", config("rp.rule~r", "host", "pbx example.com",
                "paths", "PBX0/, /a/../b", "target.port", "70000", "proxy.protocol", "v3", "forwarded.headers", "yes",
                "client.certificate", "My Cert")));
        assertTrue(message, message.contains("client.certificate = My Cert is not a certificate name"));
        assertTrue(message, message.contains("host: 'pbx example.com' is not a host name"));
        assertTrue(message, message.contains("'PBX0/' is not a normalised path prefix"));
        assertTrue(message, message.contains("'/a/../b' is not a normalised path prefix"));
        assertTrue(message, message.contains("target.host is required"));
        assertTrue(message, message.contains("target.port = 70000 is out of range"));
        assertTrue(message, message.contains("proxy.protocol = v3 is not one of [none, v1, v2]"));
        assertTrue(message, message.contains("forwarded.headers = yes is not true or false"));
    }

    @Test
    public void wildcardOnlyAsWholeLeftmostLabel() {
        problem(() -> RuleParser.parse("r", config("rp.rule~r", "host", "pbx*.example.com", "target.host", "a",
                "target.port", "1")));
        problem(() -> RuleParser.parse("r", config("rp.rule~r", "host", "*.", "target.host", "a", "target.port", "1")));
    }
}
