package org.rp.api.route;

/**
 * Where a rule sends connections.
 *
 * @param host      upstream address or name
 * @param port      upstream port when the internal leg is TCP
 * @param tlsPort   upstream port when the internal leg is TLS
 * @param transport which transport the internal leg uses
 */
public record Target(String host, int port, int tlsPort, TargetTransport transport) {
}
