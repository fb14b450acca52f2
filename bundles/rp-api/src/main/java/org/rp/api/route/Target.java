package org.rp.api.route;

/**
 * Where a rule sends connections, and how rp talks to it.
 *
 * @param host              upstream address or name
 * @param port              upstream port when the internal leg is TCP
 * @param tlsPort           upstream port when the internal leg is TLS
 * @param transport         which transport the internal leg uses
 * @param verify            TLS: verify the upstream's certificate against the trust store and its name
 * @param clientCertificate TLS: name of the certificate rp presents to the upstream, or {@code null}
 */
public record Target(String host, int port, int tlsPort, TargetTransport transport, boolean verify,
                     String clientCertificate) {

    /** A plain TCP target. */
    public static Target tcp(String host, int port) {
        return new Target(host, port, port, TargetTransport.TCP, true, null);
    }
}
