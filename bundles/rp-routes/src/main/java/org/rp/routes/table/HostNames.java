package org.rp.routes.table;

import java.util.Locale;

/**
 * Spelling rules for rule hosts and routing keys. Keys arrive normalised from the sniffers (lower case, no port,
 * no trailing dot, IPv6 without brackets); rule hosts are normalised the same way when a rule is read.
 */
public final class HostNames {
    private HostNames() {
    }

    /**
     * @return the pattern in canonical form: {@code *}, {@code *.example.com}, a name, an alias or an IP literal
     * @throws IllegalArgumentException saying what is wrong, with an example
     */
    public static String normalisePattern(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".") && h.length() > 2) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.equals("*")) {
            return h;
        }
        String name = h.startsWith("*.") ? h.substring(2) : h;
        if (name.isEmpty() || !(isName(name) || (!h.startsWith("*.") && isIpv6Literal(name)))) {
            throw new IllegalArgumentException("'" + host + "' is not a host name, *.wildcard, IP address or alias"
                    + " (e.g. host = pbx.example.com, host = *.example.com, host = 203.0.113.10)");
        }
        return h;
    }

    /** A target may be a DNS name or an IP literal. */
    public static boolean isValidTargetHost(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return isName(h.toLowerCase(Locale.ROOT)) || isIpv6Literal(h);
    }

    /** Labels of letters, digits, '-' and '_' (gatekeeper identifiers and aliases use them), separated by dots. */
    private static boolean isName(String s) {
        if (s.isEmpty() || s.length() > 253 || s.startsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6Literal(String s) {
        if (s.indexOf(':') < 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if (!((c >= 'a' && c <= 'f') || (c >= '0' && c <= '9') || c == ':' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /**
     * How specifically {@code pattern} matches {@code key}: -1 no match, 0 for {@code *}, the suffix length
     * plus one for a wildcard, and {@link Integer#MAX_VALUE} for an exact match. A wildcard {@code *.example.com}
     * matches names under example.com at any depth, but not example.com itself.
     */
    public static int specificity(String pattern, String key) {
        if (pattern.equals(key)) {
            return Integer.MAX_VALUE;
        }
        if (pattern.equals("*")) {
            return 0;
        }
        if (pattern.startsWith("*.") && key.length() > pattern.length() - 1
                && key.endsWith(pattern.substring(1))) {
            return pattern.length();
        }
        return -1;
    }
}
