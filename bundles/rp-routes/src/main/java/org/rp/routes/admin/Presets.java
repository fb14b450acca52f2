package org.rp.routes.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.rp.api.admin.Setup.Entry;

/**
 * The rules a PBX and an App Platform need. Each rule serves a plain and a TLS standard listener and sends both to
 * the same service's ports on the upstream (TLS to TLS, as {@code target.transport = same} does). The listeners are
 * named, not looked up: a rule may name listeners that do not exist yet.
 */
final class Presets {
    /** What myApps needs of the PBX's web server: the client, the apps and their WebSocket, 2FA, OAuth2 login. */
    static final String PBX_PATHS = "/PBX0/APPCLIENT/, /PBX0/APPS/, /PBX0/session, /OAUTH2/oauth2_login";

    private Presets() {
    }

    /**
     * @param dnsName    the PBX's public name: the HTTP host, LDAP bind domain, H.323 gatekeeper identifier and alias
     *                   domain, SIP domain
     * @param pbxAddress where rp reaches the PBX
     */
    static List<Entry> pbx(String dnsName, String pbxAddress, boolean sip) {
        List<Entry> rules = new ArrayList<>(List.of(
                rule("pbx-web", dnsName, StandardListener.HTTP, StandardListener.HTTPS, PBX_PATHS, pbxAddress),
                rule("pbx-ldap", dnsName, StandardListener.LDAP, StandardListener.LDAPS, null, pbxAddress),
                rule("pbx-h323", dnsName, StandardListener.H323, StandardListener.H323_TLS, null, pbxAddress)));
        if (sip) {
            rules.add(rule("pbx-sip", dnsName, StandardListener.SIP, StandardListener.SIP_TLS, null, pbxAddress));
        }
        return rules;
    }

    /** An App Platform has a name of its own and serves every path of it (the manager, each app, WebSockets). */
    static List<Entry> ap(String dnsName, String apAddress) {
        return List.of(rule("ap-web", dnsName, StandardListener.HTTP, StandardListener.HTTPS, "/", apAddress));
    }

    private static Entry rule(String name, String host, StandardListener plain, StandardListener tls, String paths,
                              String target) {
        Map<String, String> properties = new TreeMap<>();
        // a missing value is left out, so that validation names it
        properties.put("host", Objects.requireNonNullElse(host, ""));
        properties.put("listeners", plain.listenerName + ", " + tls.listenerName);
        if (paths != null) {
            properties.put("paths", paths);
        }
        properties.put("target.host", Objects.requireNonNullElse(target, ""));
        properties.put("target.port", String.valueOf(plain.publicPort));
        properties.put("target.tls.port", String.valueOf(tls.publicPort));
        return new Entry(name, properties);
    }
}
