package org.rp.api.admin;

import java.util.List;
import java.util.Map;

/**
 * Listeners and rules as operators manage them: each one a file {@code etc/rp.listener~<name>.cfg} or
 * {@code etc/rp.rule~<name>.cfg}, so that a change made here is the same as editing the file, survives a restart,
 * and is applied by ConfigAdmin within about a second. Every change is validated first: bad input throws an
 * {@link IllegalArgumentException} whose message is one line (what is wrong, an example) and changes nothing.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Setup {

    /** A listener or rule: its name and the keys of its file. */
    record Entry(String name, Map<String, String> properties) {
        public Entry {
            properties = Map.copyOf(properties);
        }
    }

    /** The two sets of standard listeners: the public ports, or those used when rp shares a box with the PBX. */
    enum PortSet {
        /** 80/443/389/636/1720/1300/5060/5061 */
        STANDARD,
        /** 90/453/399/646/1730/1310/5070/5071 */
        SHARED_BOX
    }

    /**
     * What a dry run of the route table says.
     *
     * @param allowed     whether the connection would be relayed
     * @param rule        the rule that decides, or {@code null}
     * @param reason      the reject reason's counter name ({@code unknown_host}, ...), or {@code null} if allowed
     * @param explanation why, in one line (which rules were considered and what matched)
     */
    record RuleTest(boolean allowed, String rule, String reason, String explanation) {
    }

    /**
     * One line of the table for the NAT/firewall administrator.
     *
     * @param publicPort the standard public port clients use for this service
     */
    record PortMapping(String listener, String service, int publicPort, String rpAddress, int rpPort) {
    }

    /** @return the listeners, by name */
    List<Entry> listeners();

    /** @return the rules, by name */
    List<Entry> rules();

    /** Creates or replaces a listener with exactly these keys. */
    Entry putListener(String name, Map<String, String> properties);

    /** Changes some keys of an existing listener; an empty value removes the key (back to its default). */
    Entry changeListener(String name, Map<String, String> changes);

    boolean removeListener(String name);

    /** Creates the whole set of listeners (HTTP, HTTPS, LDAP, LDAPS, H.323, H.323/TLS, SIP, SIP/TLS). */
    List<Entry> addStandardListeners(PortSet ports, String bind);

    Entry putRule(String name, Map<String, String> properties);

    Entry changeRule(String name, Map<String, String> changes);

    boolean removeRule(String name);

    /**
     * The rules IP phones and myApps need to reach a PBX: its web paths (incl. WebSocket), LDAP(S), H.323 over TCP
     * and TLS by gatekeeper identifier and domain, and SIP over TCP and TLS when asked.
     */
    List<Entry> presetPbx(String dnsName, String pbxAddress, boolean sip);

    /** The whole-host rules of an App Platform. */
    List<Entry> presetAp(String dnsName, String apAddress);

    /** Which rule a first message with this key (and HTTP path) would meet on the listener, and why. */
    RuleTest testRule(String listener, String host, String path);

    /** Public port to rp address and port, for every configured listener. */
    List<PortMapping> portMap();
}
