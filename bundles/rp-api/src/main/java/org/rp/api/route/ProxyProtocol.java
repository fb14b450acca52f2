package org.rp.api.route;

/** Whether rp sends a PROXY protocol header carrying the client's address to the upstream first. */
public enum ProxyProtocol {
    NONE, V1, V2
}
