package org.rp.routes.admin;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.rp.api.Protocol;
import org.rp.api.admin.Setup.PortSet;

/**
 * The services a PBX edge offers, one listener each, with their public port and the port rp takes when it shares
 * a box with the PBX (which holds the public ports itself).
 */
enum StandardListener {
    HTTP("http", "HTTP", Protocol.HTTP, false, 80, 90),
    HTTPS("https", "HTTPS", Protocol.HTTP, true, 443, 453),
    LDAP("ldap", "LDAP", Protocol.LDAP, false, 389, 399),
    LDAPS("ldaps", "LDAPS", Protocol.LDAP, true, 636, 646),
    H323("h323", "H.323", Protocol.H323, false, 1720, 1730),
    H323_TLS("h323-tls", "H.323/TLS", Protocol.H323, true, 1300, 1310),
    SIP("sip", "SIP", Protocol.SIP, false, 5060, 5070),
    SIP_TLS("sip-tls", "SIP/TLS", Protocol.SIP, true, 5061, 5071);

    final String listenerName;
    final String service;
    final Protocol protocol;
    final boolean tls;
    final int publicPort;
    final int sharedBoxPort;

    StandardListener(String listenerName, String service, Protocol protocol, boolean tls, int publicPort,
                     int sharedBoxPort) {
        this.listenerName = listenerName;
        this.service = service;
        this.protocol = protocol;
        this.tls = tls;
        this.publicPort = publicPort;
        this.sharedBoxPort = sharedBoxPort;
    }

    /** @param bind the address to bind, or {@code null} for the default */
    Map<String, String> properties(PortSet ports, String bind) {
        Map<String, String> properties = new TreeMap<>();
        properties.put("port", String.valueOf(ports == PortSet.STANDARD ? publicPort : sharedBoxPort));
        properties.put("protocols", protocol.configName());
        if (tls) {
            properties.put("tls", "true");
        }
        if (bind != null) {
            properties.put("bind", bind);
        }
        return properties;
    }

    /** The standard service a listener of one protocol offers, terminating TLS or not. */
    static Optional<StandardListener> serving(Protocol protocol, boolean tls) {
        for (StandardListener standard : values()) {
            if (standard.protocol == protocol && standard.tls == tls) {
                return Optional.of(standard);
            }
        }
        return Optional.empty();
    }
}
