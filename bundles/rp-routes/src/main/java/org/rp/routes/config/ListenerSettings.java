package org.rp.routes.config;

import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.rp.api.Protocol;

/**
 * One listener's configuration ({@code etc/rp.listener~<name>.cfg}), validated. Keys and defaults are the
 * configuration contract in the README.
 */
public record ListenerSettings(String name, String bind, int port, Set<Protocol> protocols, boolean tls,
                               String certificate, int sniffTimeoutMs, int firstMessageMaxBytes, int idleTimeoutS,
                               int maxConnections, int maxConnectionsPerSource, int maxNewConnectionsPerSecondPerSource) {

    static final Set<String> KEYS = Set.of("port", "bind", "protocols", "tls", "certificate", "sniff.timeout.ms",
            "first.message.max.bytes", "idle.timeout.s", "max.connections", "max.connections.per.source",
            "max.new.connections.per.second.per.source");

    public ListenerSettings {
        protocols = Set.copyOf(protocols);
    }

    /** @throws InvalidConfigurationException naming every key that is missing or wrong */
    public static ListenerSettings parse(String name, Map<String, ?> properties) {
        ConfigValues values = new ConfigValues("listener " + name, properties, KEYS);
        int port = values.requiredInteger("port", 1, 65535);
        String bind = values.string("bind", "0.0.0.0");
        if (!isIpLiteral(bind)) {
            values.problem("bind = " + bind + " is not an IP address (e.g. bind = 0.0.0.0, or :: for IPv6 and IPv4)");
        }
        Set<Protocol> protocols = EnumSet.noneOf(Protocol.class);
        protocols.addAll(values.each("protocols", values.list("protocols"), Protocol::fromConfigName));
        if (protocols.isEmpty()) {
            values.problem("protocols is required (e.g. protocols = http, or protocols = http, ldap, h323, sip)");
        }
        boolean tls = values.bool("tls", false);
        if (tls && protocols.contains(Protocol.TLS)) {
            values.problem("protocols = tls means TLS pass-through, which a listener that terminates TLS (tls = true)"
                    + " cannot do; name what is spoken inside TLS (e.g. protocols = http)");
        }
        ListenerSettings settings = new ListenerSettings(name, bind, port, protocols, tls,
                values.string("certificate", "default"),
                values.integer("sniff.timeout.ms", 5000, 100, 600_000),
                values.integer("first.message.max.bytes", 16384, 256, 1 << 20),
                values.integer("idle.timeout.s", 3600, 1, 7 * 24 * 3600),
                values.integer("max.connections", 10000, 1, 1_000_000),
                values.integer("max.connections.per.source", 100, 1, 1_000_000),
                values.integer("max.new.connections.per.second.per.source", 0, 0, 1_000_000));
        values.check();
        return settings;
    }

    /** Only the socket address needs a new server socket; everything else applies to the next connection. */
    public boolean sameSocket(ListenerSettings other) {
        return port == other.port && bind.equals(other.bind);
    }

    static boolean isIpLiteral(String s) {
        if (s.isEmpty() || !(s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')))) {
            return false;
        }
        try {
            // a literal never triggers a DNS lookup
            InetAddress.getByName(s);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
