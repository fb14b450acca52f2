package org.rp.routes.admin;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.rp.api.Facts;
import org.rp.api.FirstMessage;
import org.rp.api.Protocol;
import org.rp.api.Transport;
import org.rp.api.admin.Setup.RuleTest;
import org.rp.api.route.Decision;
import org.rp.api.route.RouteTable;
import org.rp.api.route.Rule;
import org.rp.routes.config.ListenerSettings;
import org.rp.routes.table.HostNames;
import org.rp.routes.table.RuleIndex;

/**
 * The first message a client would send, made from what the operator typed, decided by the route table in force
 * (the same call a listener makes) and explained in one line.
 */
final class DryRun {
    /** A documentation address (RFC 5737): rules do not look at the client. */
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.1", 40000);

    private DryRun() {
    }

    /**
     * @param host the routing key: HTTP Host, TLS SNI, LDAP bind domain, H.323 gatekeeper identifier or alias, SIP
     *             domain
     * @param path HTTP only: the request path, {@code /} when {@code null}
     */
    static RuleTest decide(RouteTable table, ListenerSettings listener, String host, String path) {
        boolean http = listener.protocols().contains(Protocol.HTTP);
        String example = "rp:rule-test " + listener.name() + " pbx.example.com" + (http ? " /PBX0/APPS/" : "");
        String key = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("give the name a client would send, e.g. " + example);
        }
        boolean pathGiven = path != null && !path.isEmpty();
        if (pathGiven && !http) {
            throw new IllegalArgumentException("listener " + listener.name() + " does not speak HTTP, so there is no"
                    + " path to test; give the name alone, e.g. " + example);
        }
        String requestPath = pathGiven ? path : "/";
        if (!requestPath.startsWith("/")) {
            throw new IllegalArgumentException("path '" + path + "' does not start with /, e.g. " + example);
        }
        // a listener of several protocols decides the same for each, except that HTTP also matches paths
        Protocol protocol = http ? Protocol.HTTP : Collections.min(listener.protocols());
        FirstMessage message = new FirstMessage(listener.name(), CLIENT, listener.tls() ? Transport.TLS : Transport.TCP,
                Facts.builder(protocol).host(key).path(http ? requestPath : null).build());
        Decision decision = table.decide(message);
        if (decision instanceof Decision.Relay relay) {
            Rule rule = relay.rule();
            String matched = rule.host().equals(key) ? " matches exactly" : " matches '" + key + "'";
            return new RuleTest(true, rule.name(), null, "rule " + rule.name() + " on listener " + listener.name()
                    + ": host " + rule.host() + matched
                    + (http ? ", path prefix " + decidingPrefix(rule, message) + " matches " + requestPath : ""));
        }
        Decision.Reject reject = (Decision.Reject) decision;
        String explanation = switch (reject.reason()) {
            case UNKNOWN_HOST -> unknownHost(table.rules(), listener.name(), key);
            case PATH_NOT_ALLOWED -> pathNotAllowed(table.rules(), listener.name(), key, requestPath);
            default -> reject.detail();
        };
        return new RuleTest(false, null, reject.reason().counterName(), explanation);
    }

    /**
     * The table's own matcher, asked once more with one copy of the rule per prefix: the copy it relays to holds the
     * prefix that decided, with exactly the table's idea of a match.
     */
    private static String decidingPrefix(Rule rule, FirstMessage message) {
        List<Rule> onePrefixEach = new ArrayList<>();
        for (String prefix : rule.paths()) {
            onePrefixEach.add(new Rule(rule.name(), rule.host(), rule.listeners(), List.of(prefix), rule.target(),
                    rule.forwardedHeaders(), rule.proxyProtocol(), rule.checkCertificate()));
        }
        return ((Decision.Relay) new RuleIndex(onePrefixEach).decide(message)).rule().paths().get(0);
    }

    /** Says which rules would take the name on other listeners, the usual slip. */
    private static String unknownHost(List<Rule> rules, String listener, String key) {
        List<String> elsewhere = new ArrayList<>();
        for (Rule rule : rules) {
            if (!rule.appliesTo(listener) && HostNames.specificity(rule.host(), key) >= 0) {
                elsewhere.add(rule.name() + " (listeners = " + String.join(", ", new TreeSet<>(rule.listeners()))
                        + ")");
            }
        }
        return "no rule for '" + key + "' on listener " + listener
                + (elsewhere.isEmpty() ? "" : "; it is allowed on other listeners by " + String.join(", ", elsewhere));
    }

    /** Names the prefixes of the rules that took the host: the most specific host pattern decides alone. */
    private static String pathNotAllowed(List<Rule> rules, String listener, String key, String path) {
        int best = -1;
        for (Rule rule : rules) {
            if (rule.appliesTo(listener)) {
                best = Math.max(best, HostNames.specificity(rule.host(), key));
            }
        }
        List<String> names = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.appliesTo(listener) && HostNames.specificity(rule.host(), key) == best) {
                names.add(rule.name());
                prefixes.addAll(rule.paths());
            }
        }
        return (names.size() == 1 ? "rule " + names.get(0) + " allows " : "rules " + String.join(", ", names)
                + " allow ") + String.join(", ", prefixes) + ", not " + path;
    }
}
