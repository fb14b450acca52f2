package org.rp.api.admin;

import java.util.List;

/**
 * The pre-flight checks an operator runs before opening the firewall: is every configuration applied and every
 * listener bound, do the rules' names resolve (to the public address, when one is configured), does each TLS
 * listener's certificate cover the names it serves and stay valid, and can rp reach every target the way it would
 * relay to it (TCP connect, and the TLS handshake with verification and client certificate when the leg is TLS).
 */
@org.osgi.annotation.versioning.ProviderType
public interface Preflight {

    enum Status {
        PASS, WARN, FAIL
    }

    /**
     * The outcome of one check.
     *
     * @param check   what kind of check: {@code config}, {@code listener}, {@code dns}, {@code certificate} or
     *                {@code target}
     * @param subject what was checked, e.g. {@code https}, {@code pbx.example.com} or {@code 10.0.0.5:443/tls}
     * @param detail  what was found, in one line
     */
    record Result(Status status, String check, String subject, String detail) {
    }

    /**
     * Runs every check; those that wait for the network run concurrently, each bounded by the configured timeout.
     *
     * @return the results, grouped by check in the order above
     */
    List<Result> run();
}
