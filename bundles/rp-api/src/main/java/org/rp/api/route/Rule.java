package org.rp.api.route;

import java.util.List;
import java.util.Set;

/**
 * One allow-list entry: connections whose routing key matches {@link #host()} on one of {@link #listeners()}
 * (and, for HTTP, whose path starts with one of {@link #paths()}) are relayed to {@link #target()}.
 *
 * @param name             the rule's name ({@code etc/rp.rule~<name>.cfg})
 * @param host             a DNS name, {@code *.}-wildcard, IP literal, gatekeeper identifier or alias; lower case
 * @param listeners        names of the listeners the rule applies to; empty means all
 * @param paths            HTTP only: allowed path prefixes
 * @param target           the upstream
 * @param forwardedHeaders HTTP: add X-Forwarded-For, X-Forwarded-Proto and Forwarded to every request
 * @param proxyProtocol    PROXY protocol header towards the upstream
 * @param checkCertificate TLS listeners: relay only a client whose certificate is valid against the trust store and
 *                         names the user or registration the first message claims
 */
public record Rule(String name, String host, Set<String> listeners, List<String> paths, Target target,
                   boolean forwardedHeaders, ProxyProtocol proxyProtocol, boolean checkCertificate) {
    public Rule {
        listeners = Set.copyOf(listeners);
        paths = List.copyOf(paths);
    }

    public boolean appliesTo(String listener) {
        return listeners.isEmpty() || listeners.contains(listener);
    }
}
