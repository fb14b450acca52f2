package org.rp.routes.admin;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.Test;
import org.rp.api.admin.Preflight.Result;
import org.rp.api.admin.Preflight.Status;
import org.rp.api.cert.CertificateInfo;
import org.rp.api.cert.CertificateUse;
import org.rp.api.route.Rule;
import org.rp.routes.RouteTableFixture;
import org.rp.routes.config.CheckSettings;
import org.rp.routes.config.ListenerSettings;
import org.rp.routes.config.RuleParser;

public class PreflightServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final Map<String, String> refused = new TreeMap<>();
    private final List<PreflightService.Listener> listeners = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, CertificateInfo> certificates = new HashMap<>();
    private final Map<String, List<String>> uncovered = new HashMap<>();
    private final Map<String, List<InetAddress>> dns = new HashMap<>();
    /** What each probed leg answers, by "host:port tls|tcp"; absent: connection refused. */
    private final Map<String, String> reachable = new HashMap<>();
    private final List<String> probed = new ArrayList<>();

    private List<Result> run(Map<String, String> checkConfig) {
        PreflightService service = new PreflightService(() -> refused, () -> listeners,
                RouteTableFixture.of(rules), new CertificateUse() {
                    @Override
                    public List<String> listenersUsing(String certificate) {
                        return List.of();
                    }

                    @Override
                    public List<String> uncoveredNames(String certificate) {
                        return uncovered.getOrDefault(certificate, List.of());
                    }
                }, name -> Optional.ofNullable(certificates.get(name)),
                host -> {
                    List<InetAddress> found = dns.get(host);
                    if (found == null) {
                        throw new UnknownHostException(host + ": Name or service not known");
                    }
                    return found;
                },
                (probedLeg, timeoutMs) -> {
                    String leg = probedLeg.target().host() + ":" + (probedLeg.tls()
                            ? probedLeg.target().tlsPort() + " tls" : probedLeg.target().port() + " tcp");
                    probed.add(leg);
                    String answer = reachable.get(leg);
                    return answer != null ? CompletableFuture.completedFuture(answer)
                            : CompletableFuture.failedFuture(new ConnectException("Connection refused"));
                }, Clock.fixed(NOW, ZoneOffset.UTC));
        service.configure(new HashMap<>(checkConfig));
        try {
            return service.run();
        } finally {
            service.deactivate();
        }
    }

    private void listener(String name, boolean bound, String... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        ListenerSettings settings = ListenerSettings.parse(name, properties);
        listeners.add(new PreflightService.Listener(settings,
                bound ? new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()) : null,
                bound ? null : "Address already in use"));
    }

    private void rule(String name, String... keyValues) {
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        rules.add(RuleParser.parse(name, properties));
    }

    private static CertificateInfo certificate(String name, Instant notAfter, boolean selfSigned) {
        return new CertificateInfo(name, "CN=" + name, name, selfSigned ? "CN=" + name : "CN=Example CA",
                List.of("pbx.example.com"), List.of(), "EC P-256", NOW.minus(Duration.ofDays(30)), notAfter,
                "00", 1, selfSigned, false);
    }

    private static List<String> lines(List<Result> results) {
        return results.stream().map(r -> r.status() + " " + r.check() + " " + r.subject() + ": " + r.detail())
                .collect(Collectors.toList());
    }

    private static String only(List<Result> results, String check, String subjectStart) {
        List<String> found = lines(results).stream().filter(l -> l.contains(" " + check + " " + subjectStart))
                .collect(Collectors.toList());
        assertEquals(String.join("\n", lines(results)), 1, found.size());
        return found.get(0);
    }

    /** A PBX edge as the preset makes it: HTTPS with a CA-signed certificate, names resolving to the public address. */
    private void healthyEdge() throws Exception {
        listener("https", true, "port", "8443", "protocols", "http", "tls", "true", "certificate", "edge");
        listener("sip", true, "port", "5060", "protocols", "sip");
        rule("pbx-web", "host", "pbx.example.com", "listeners", "https", "target.host", "10.0.0.5",
                "target.port", "80", "target.tls.port", "443");
        rule("pbx-sip", "host", "example.com", "listeners", "sip", "target.host", "10.0.0.5", "target.port", "5060");
        rule("gk", "host", "gk1", "listeners", "sip", "target.host", "10.0.0.5", "target.port", "5060");
        certificates.put("edge", certificate("edge", NOW.plus(Duration.ofDays(300)), false));
        dns.put("pbx.example.com", List.of(InetAddress.getByName("203.0.113.10")));
        dns.put("example.com", List.of(InetAddress.getByName("203.0.113.10")));
        reachable.put("10.0.0.5:443 tls", "TLS handshake with 10.0.0.5:443: TLSv1.3, CN=pbx, certificate and name verified");
        reachable.put("10.0.0.5:5060 tcp", "TCP connect to 10.0.0.5:5060");
    }

    @Test
    public void aHealthyEdgePassesEveryCheckOnce() throws Exception {
        healthyEdge();
        List<Result> results = run(Map.of("public.address", "203.0.113.10, 2001:db8::10"));
        String all = String.join("\n", lines(results));
        assertTrue(all, results.stream().allMatch(r -> r.status() == Status.PASS));
        assertEquals(all, List.of("config", "listener", "listener", "dns", "dns", "certificate", "certificate",
                "certificate", "target", "target"), results.stream().map(Result::check).toList());
        assertTrue(all, only(results, "dns", "pbx.example.com").endsWith("resolves to 203.0.113.10, the public address"));
        assertTrue(all, only(results, "listener", "https").contains("bound to 127.0.0.1:8443 (http over TLS)"));
        // the TLS listener's rule goes to the TLS port (transport same), the SIP rules share one TCP leg
        assertEquals(List.of("10.0.0.5:443 tls", "10.0.0.5:5060 tcp"), probed.stream().sorted().toList());
        assertTrue(all, only(results, "target", "10.0.0.5:5060 tcp").contains("(rules gk, pbx-sip)"));
        assertTrue(all, all.contains("PASS certificate edge (listener https): valid until 2027-09-21 (300 days)"));
    }

    @Test
    public void whatIsWrongFailsAndWhatIsDoubtfulWarns() throws Exception {
        healthyEdge();
        refused.put("rp.rule~broken", "rule broken not applied: target.port: '80o' is not a number");
        listener("ldap", false, "port", "389", "protocols", "ldap");
        rule("ldap", "host", "corp.example.com", "listeners", "ldap, ldaps", "target.host", "10.0.0.6",
                "target.port", "389");
        dns.put("pbx.example.com", List.of(InetAddress.getByName("10.0.0.5")));
        certificates.put("edge", certificate("edge", NOW.plus(Duration.ofDays(10)), true));
        uncovered.put("edge", List.of("www.example.com (rule www on listener https)"));
        reachable.remove("10.0.0.5:443 tls");

        List<Result> results = run(Map.of("public.address", "203.0.113.10", "certificate.warn.days", "30"));
        String all = String.join("\n", lines(results));
        assertTrue(all, only(results, "config", "rp.rule~broken").startsWith("FAIL"));
        assertTrue(all, only(results, "config", "rule ldap").startsWith("WARN config rule ldap: names listener(s)"
                + " [ldaps] that are not running"));
        assertFalse("no all-applied line", all.contains("every configuration is applied"));
        assertEquals(all, "FAIL listener ldap: not bound to 0.0.0.0:389 (ldap): Address already in use",
                only(results, "listener", "ldap"));
        assertTrue(all, only(results, "dns", "pbx.example.com").startsWith("WARN dns pbx.example.com: resolves to"
                + " 10.0.0.5, not to the public address 203.0.113.10"));
        // a domain only inside LDAP messages may be reached by another name: a warning, not a failure
        assertTrue(all, only(results, "dns", "corp.example.com").startsWith("WARN dns corp.example.com: does not resolve"));
        assertTrue(all, all.contains("WARN certificate edge (listener https): expires on 2026-12-05, in 10 day(s)"));
        assertTrue(all, all.contains("FAIL certificate edge (listener https): does not cover www.example.com (rule www"));
        assertTrue(all, all.contains("WARN certificate edge (listener https): self-signed"));
        assertTrue(all, only(results, "target", "10.0.0.5:443 tls").contains("FAIL target 10.0.0.5:443 tls (rule"
                + " pbx-web): unreachable: Connection refused"));
        assertTrue(all, only(results, "target", "10.0.0.5:5060 tcp").startsWith("PASS"));
    }

    @Test
    public void aNameThatClientsConnectByMustResolve() throws Exception {
        healthyEdge();
        dns.remove("pbx.example.com");
        List<Result> results = run(Map.of());
        String line = only(results, "dns", "pbx.example.com");
        assertTrue(line, line.startsWith("FAIL dns pbx.example.com: does not resolve (pbx.example.com: Name or service"));
        // without public.address, resolving at all passes
        assertTrue(only(results, "dns", "example.com").startsWith("PASS dns example.com: resolves to 203.0.113.10"));
    }

    @Test
    public void missingExpiredAndClientCertificatesAreChecked() throws Exception {
        healthyEdge();
        certificates.remove("edge");
        rule("pbx-tls", "host", "pbx.example.com", "listeners", "https", "target.host", "10.0.0.5",
                "target.port", "80", "target.tls.port", "443", "client.certificate", "rp-client");
        certificates.put("rp-client", certificate("rp-client", NOW.minus(Duration.ofDays(1)), false));
        List<Result> results = run(Map.of());
        String all = String.join("\n", lines(results));
        assertTrue(all, all.contains("FAIL certificate edge (listener https): not in the store"));
        assertTrue(all, all.contains("FAIL certificate rp-client (rule pbx-tls): expired on 2026-11-24"));
        // a client certificate is not presented to clients: no coverage line for it
        assertFalse(all, all.contains("rp-client (rule pbx-tls): covers"));
    }

    @Test
    public void hostsThatAreNotDnsNamesAreNotLookedUp() {
        assertTrue(PreflightService.isDnsName("pbx.example.com", false));
        assertTrue("an HTTP host", PreflightService.isDnsName("pbx", true));
        assertFalse("a gatekeeper identifier", PreflightService.isDnsName("gk1", false));
        for (String host : new String[] {"*", "*.example.com", "202", "10.0.0.5", "2001:db8::1", "1.2.3"}) {
            assertFalse(host, PreflightService.isDnsName(host, true));
        }
    }

    @Test
    public void aBadCheckConfigurationIsRefusedAndTheDefaultsStay() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> CheckSettings.parse(Map.of("public.address", "edge.example.com", "timeout.ms", "0"))).getMessage();
        assertTrue(message, message.contains("public.address: 'edge.example.com' is not an IP address"));
        assertTrue(message, message.contains("timeout.ms"));
    }
}
