package org.rp.api.route;

/** The transport of the leg from rp to the upstream. */
public enum TargetTransport {
    /** As the client reached rp: TCP to TCP, TLS to TLS. */
    SAME,
    TCP,
    TLS
}
