package org.rp.routes.table;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

import org.junit.Test;
import org.rp.api.Facts;
import org.rp.api.FirstMessage;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.Transport;
import org.rp.api.route.Decision;
import org.rp.api.route.ProxyProtocol;
import org.rp.api.route.Rule;
import org.rp.api.route.Target;
import org.rp.api.route.TargetTransport;

public class RuleIndexTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("203.0.113.7", 40000);

    private static Rule rule(String name, String host, Set<String> listeners, String... paths) {
        return new Rule(name, host, listeners, List.of(paths), new Target("10.0.0." + name.length(), 80, 443,
                TargetTransport.SAME, true, null), true, ProxyProtocol.NONE, false);
    }

    private static Decision http(RuleIndex index, String listener, String host, String path) {
        return index.decide(new FirstMessage(listener, CLIENT, Transport.TCP,
                Facts.builder(Protocol.HTTP).host(host).path(path).build()));
    }

    private static String relayedTo(Decision decision) {
        assertTrue("expected relay, got " + decision, decision instanceof Decision.Relay);
        return ((Decision.Relay) decision).rule().name();
    }

    private static RejectReason rejected(Decision decision) {
        assertTrue("expected reject, got " + decision, decision instanceof Decision.Reject);
        return ((Decision.Reject) decision).reason();
    }

    @Test
    public void allowsPathUnderAllowedPrefix() {
        RuleIndex index = new RuleIndex(List.of(rule("pbx", "pbx.example.com", Set.of(), "/PBX0/APPS/", "/PBX0/session")));
        assertEquals("pbx", relayedTo(http(index, "http", "pbx.example.com", "/PBX0/APPS/x")));
        assertEquals("pbx", relayedTo(http(index, "http", "pbx.example.com", "/PBX0/session")));
        assertEquals("pbx", relayedTo(http(index, "http", "pbx.example.com", "/PBX0/session/2fa")));
    }

    @Test
    public void rejectsPathOutsideAllowedPrefixes() {
        RuleIndex index = new RuleIndex(List.of(rule("pbx", "pbx.example.com", Set.of(), "/PBX0/APPS/", "/PBX0/session")));
        assertEquals(RejectReason.PATH_NOT_ALLOWED, rejected(http(index, "http", "pbx.example.com", "/PBX0/ADMIN/")));
        assertEquals(RejectReason.PATH_NOT_ALLOWED, rejected(http(index, "http", "pbx.example.com", "/PBX0/sessions")));
        assertEquals(RejectReason.PATH_NOT_ALLOWED, rejected(http(index, "http", "pbx.example.com", "/PBX0/APPS")));
        assertEquals("the rule that refused the path is named, for its counters", "pbx",
                ((Decision.Reject) http(index, "http", "pbx.example.com", "/PBX0/ADMIN/")).rule());
        assertEquals("no rule answers for an unknown name", null,
                ((Decision.Reject) http(index, "http", "other.example.com", "/PBX0/APPS/x")).rule());
    }

    @Test
    public void rejectsUnknownHostAndMissingKey() {
        RuleIndex index = new RuleIndex(List.of(rule("pbx", "pbx.example.com", Set.of(), "/")));
        assertEquals(RejectReason.UNKNOWN_HOST, rejected(http(index, "http", "evil.example.com", "/")));
        assertEquals(RejectReason.NO_ROUTING_KEY, rejected(http(index, "http", null, "/")));
    }

    @Test
    public void exactHostBeatsWildcardBeatsCatchAll() {
        RuleIndex index = new RuleIndex(List.of(
                rule("any", "*", Set.of(), "/"),
                rule("wild", "*.example.com", Set.of(), "/"),
                rule("deeper", "*.eu.example.com", Set.of(), "/"),
                rule("exact", "pbx.example.com", Set.of(), "/")));
        assertEquals("exact", relayedTo(http(index, "http", "pbx.example.com", "/")));
        assertEquals("wild", relayedTo(http(index, "http", "ap.example.com", "/")));
        assertEquals("deeper", relayedTo(http(index, "http", "x.eu.example.com", "/")));
        assertEquals("any", relayedTo(http(index, "http", "example.com", "/")));
    }

    @Test
    public void wildcardDoesNotMatchItsApexOrLookalikes() {
        RuleIndex index = new RuleIndex(List.of(rule("wild", "*.example.com", Set.of(), "/")));
        assertEquals(RejectReason.UNKNOWN_HOST, rejected(http(index, "http", "example.com", "/")));
        assertEquals(RejectReason.UNKNOWN_HOST, rejected(http(index, "http", "badexample.com", "/")));
    }

    @Test
    public void mostSpecificHostDecidesEvenIfItsPathsDoNotMatch() {
        // a wildcard must not reopen a path that the exact rule for the host does not allow
        RuleIndex index = new RuleIndex(List.of(
                rule("wild", "*.example.com", Set.of(), "/"),
                rule("exact", "pbx.example.com", Set.of(), "/PBX0/APPS/")));
        assertEquals(RejectReason.PATH_NOT_ALLOWED, rejected(http(index, "http", "pbx.example.com", "/admin")));
    }

    @Test
    public void longestPrefixPicksAmongRulesOfOneHost() {
        RuleIndex index = new RuleIndex(List.of(
                rule("web", "pbx.example.com", Set.of(), "/"),
                rule("apps", "pbx.example.com", Set.of(), "/PBX0/APPS/")));
        assertEquals("apps", relayedTo(http(index, "http", "pbx.example.com", "/PBX0/APPS/x")));
        assertEquals("web", relayedTo(http(index, "http", "pbx.example.com", "/other")));
    }

    @Test
    public void ruleAppliesOnlyToItsListeners() {
        RuleIndex index = new RuleIndex(List.of(rule("pbx", "pbx.example.com", Set.of("https"), "/")));
        assertEquals(RejectReason.UNKNOWN_HOST, rejected(http(index, "http", "pbx.example.com", "/")));
        assertEquals("pbx", relayedTo(http(index, "https", "pbx.example.com", "/")));
    }

    @Test
    public void nonHttpProtocolsIgnorePaths() {
        RuleIndex index = new RuleIndex(List.of(rule("gk", "gk-main", Set.of(), "/PBX0/")));
        Decision d = index.decide(new FirstMessage("h323", CLIENT, Transport.TCP,
                Facts.builder(Protocol.H323).host("gk-main").gatekeeperId("GK-MAIN").build()));
        assertEquals("gk", relayedTo(d));
    }

    @Test
    public void ipLiteralHostsMatchExactly() {
        RuleIndex index = new RuleIndex(List.of(rule("v6", HostNames.normalisePattern("[2001:db8::1]"), Set.of(), "/"),
                rule("v4", "203.0.113.10", Set.of(), "/")));
        assertEquals("v6", relayedTo(http(index, "http", "2001:db8::1", "/")));
        assertEquals("v4", relayedTo(http(index, "http", "203.0.113.10", "/")));
    }

    @Test
    public void messagesWithoutKeyGoToTheListenersCatchAllRule() {
        RuleIndex index = new RuleIndex(List.of(rule("dir", "example.com", Set.of("ldap"), "/"),
                rule("anon", "*", Set.of("ldap"), "/")));
        Decision anonymousBind = index.decide(new FirstMessage("ldap", CLIENT, Transport.TCP,
                Facts.builder(Protocol.LDAP).build()));
        assertEquals("anon", relayedTo(anonymousBind));
        Decision elsewhere = index.decide(new FirstMessage("ldaps", CLIENT, Transport.TCP,
                Facts.builder(Protocol.LDAP).build()));
        assertEquals(RejectReason.NO_ROUTING_KEY, rejected(elsewhere));
    }

    @Test
    public void dialledNumbersAndGatekeeperIdentifiersAreRuleHosts() {
        RuleIndex index = new RuleIndex(List.of(rule("202", HostNames.normalisePattern("202"), Set.of(), "/"),
                rule("gk", HostNames.normalisePattern("GK-MAIN"), Set.of(), "/")));
        assertEquals("202", relayedTo(index.decide(new FirstMessage("h323", CLIENT, Transport.TCP,
                Facts.builder(Protocol.H323).host("202").alias("202").build()))));
        assertEquals("gk", relayedTo(index.decide(new FirstMessage("h323", CLIENT, Transport.TCP,
                Facts.builder(Protocol.H323).host("gk-main").gatekeeperId("GK-MAIN").build()))));
    }
}
