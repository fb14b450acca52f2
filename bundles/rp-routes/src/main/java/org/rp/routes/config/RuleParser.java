package org.rp.routes.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.rp.api.route.ProxyProtocol;
import org.rp.api.route.Rule;
import org.rp.api.route.Target;
import org.rp.api.route.TargetTransport;
import org.rp.routes.table.HostNames;

/** Turns one rule configuration ({@code etc/rp.rule~<name>.cfg}) into a {@link Rule}, strictly. */
public final class RuleParser {
    /** As the certificate store names certificates. */
    private static final Pattern CERTIFICATE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final Set<String> KEYS = Set.of("host", "listeners", "paths", "target.host", "target.port",
            "target.tls.port", "target.transport", "target.verify", "client.certificate", "check.certificate",
            "forwarded.headers", "proxy.protocol");

    private RuleParser() {
    }

    /** @throws InvalidConfigurationException naming every key that is missing or wrong */
    public static Rule parse(String name, Map<String, ?> properties) {
        ConfigValues values = new ConfigValues("rule " + name, properties, KEYS);
        String host = values.requiredString("host", "pbx.example.com");
        if (host != null) {
            try {
                host = HostNames.normalisePattern(host);
            } catch (IllegalArgumentException e) {
                values.problem("host: " + e.getMessage());
            }
        }
        List<String> paths = values.list("paths");
        if (paths.isEmpty()) {
            paths = List.of("/");
        }
        for (String path : paths) {
            if (!path.startsWith("/") || path.contains("?") || path.contains("#") || path.contains("..")
                    || path.contains("//") || path.contains("%") || path.contains("\\")) {
                values.problem("paths: '" + path + "' is not a normalised path prefix (e.g. paths = /PBX0/APPS/, /PBX0/session)");
            }
        }
        String targetHost = values.requiredString("target.host", "192.168.0.10");
        if (targetHost != null && !HostNames.isValidTargetHost(targetHost)) {
            values.problem("target.host = " + targetHost + " is not an IP address or DNS name");
        }
        int port = values.requiredInteger("target.port", 1, 65535);
        int tlsPort = values.integer("target.tls.port", port, 1, 65535);
        TargetTransport transport = values.enumValue("target.transport", TargetTransport.class, TargetTransport.SAME);
        boolean verify = values.bool("target.verify", true);
        String clientCertificate = values.string("client.certificate", null);
        if (clientCertificate != null && !CERTIFICATE_NAME.matcher(clientCertificate).matches()) {
            values.problem("client.certificate = " + clientCertificate + " is not a certificate name"
                    + " (lower-case letters, digits, '.', '_', '-'; e.g. client.certificate = rp-client)");
        }
        boolean checkCertificate = values.bool("check.certificate", false);
        boolean forwarded = values.bool("forwarded.headers", true);
        ProxyProtocol proxy = values.enumValue("proxy.protocol", ProxyProtocol.class, ProxyProtocol.NONE);
        values.check();
        return new Rule(name, host, Set.copyOf(values.list("listeners")), paths,
                new Target(targetHost, port, tlsPort, transport, verify, clientCertificate), forwarded, proxy,
                checkCertificate);
    }
}
