package org.rp.routes.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.netty.util.NetUtil;

/**
 * The pre-flight checks' configuration ({@code etc/rp.check.cfg}), validated.
 *
 * @param publicAddresses     what the rules' DNS names must resolve to; empty: anything
 * @param timeoutMs           for each DNS lookup, connect and TLS handshake
 * @param certificateWarnDays warn when a certificate expires within this many days
 */
public record CheckSettings(List<InetAddress> publicAddresses, int timeoutMs, int certificateWarnDays) {
    static final Set<String> KEYS = Set.of("public.address", "timeout.ms", "certificate.warn.days");
    public static final CheckSettings DEFAULTS = new CheckSettings(List.of(), 3000, 30);

    public CheckSettings {
        publicAddresses = List.copyOf(publicAddresses);
    }

    /** @throws InvalidConfigurationException naming every key that is wrong */
    public static CheckSettings parse(Map<String, ?> properties) {
        ConfigValues values = new ConfigValues("check", properties, KEYS);
        CheckSettings settings = new CheckSettings(
                values.each("public.address", values.list("public.address"), CheckSettings::ipLiteral),
                values.integer("timeout.ms", DEFAULTS.timeoutMs(), 100, 60_000),
                values.integer("certificate.warn.days", DEFAULTS.certificateWarnDays(), 1, 3650));
        values.check();
        return settings;
    }

    private static InetAddress ipLiteral(String text) {
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(text);
        if (address == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address (e.g. public.address = 203.0.113.10,"
                    + " 2001:db8::10)");
        }
        return address;
    }
}
