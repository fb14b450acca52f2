package org.rp.routes.table;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.rp.api.FirstMessage;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.route.Decision;
import org.rp.api.route.Rule;

/**
 * An immutable snapshot of the rules, so that a decision never sees half of a change. Small rule sets (a PBX edge
 * has tens of rules) are scanned linearly: cheaper than any index at that size, and obviously correct.
 */
public final class RuleIndex {
    private final List<Rule> rules;

    public RuleIndex(Collection<Rule> rules) {
        List<Rule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparing(Rule::name));
        this.rules = List.copyOf(sorted);
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * The most specific host wins; among rules for that host, HTTP picks the one whose allowed prefix matches the
     * path longest. A host without an allowed path is PATH_NOT_ALLOWED, no host is UNKNOWN_HOST.
     */
    public Decision decide(FirstMessage message) {
        String key = message.facts().host();
        if (key == null) {
            key = "";
        }
        int best = -1;
        Rule firstOfBest = null;
        for (Rule rule : rules) {
            int specificity = rule.appliesTo(message.listener()) ? HostNames.specificity(rule.host(), key) : -1;
            if (specificity > best) {
                best = specificity;
                firstOfBest = rule;
            }
        }
        if (best < 0) {
            return key.isEmpty()
                    ? new Decision.Reject(RejectReason.NO_ROUTING_KEY, "no routing key in the first message")
                    : new Decision.Reject(RejectReason.UNKNOWN_HOST, "no rule for '" + key + "'");
        }
        if (message.facts().protocol() != Protocol.HTTP) {
            return new Decision.Relay(firstOfBest);
        }
        String path = message.facts().path();
        Rule chosen = null;
        int longest = -1;
        for (Rule rule : rules) {
            if (rule.appliesTo(message.listener()) && HostNames.specificity(rule.host(), key) == best) {
                for (String prefix : rule.paths()) {
                    if (prefix.length() > longest && pathAllowed(prefix, path)) {
                        chosen = rule;
                        longest = prefix.length();
                    }
                }
            }
        }
        return chosen != null
                ? new Decision.Relay(chosen)
                : new Decision.Reject(RejectReason.PATH_NOT_ALLOWED,
                        "path '" + path + "' not allowed for '" + key + "'", firstOfBest.name());
    }

    /**
     * A prefix ending in '/' allows everything below it; any other prefix allows itself and what lies below it
     * as a path segment, so {@code /PBX0/session} allows {@code /PBX0/session/x} but not {@code /PBX0/sessions}.
     */
    static boolean pathAllowed(String prefix, String path) {
        if (path == null || !path.startsWith(prefix)) {
            return false;
        }
        return prefix.endsWith("/") || path.length() == prefix.length() || path.charAt(prefix.length()) == '/';
    }
}
