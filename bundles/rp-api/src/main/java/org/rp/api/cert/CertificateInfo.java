package org.rp.api.cert;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the store knows about one certificate (or, with {@code chainLength} 0, about a signing request that has no
 * certificate yet).
 *
 * @param name              the name in the store
 * @param subject           the leaf's subject (RFC 2253), or the request's while only a request exists
 * @param commonName        the subject's CN, or null when it has none
 * @param issuer            the leaf's issuer (RFC 2253); null while only a request exists
 * @param dnsNames          DNS subject alternative names, lower case, as written ({@code *.example.com} too)
 * @param ipAddresses       IP subject alternative names, as {@link InetAddress#getHostAddress()} prints them
 * @param keyType           e.g. {@code EC P-256}, {@code RSA 2048}
 * @param notBefore         start of validity; null while only a request exists
 * @param notAfter          end of validity; null while only a request exists
 * @param sha256Fingerprint SHA-256 of the leaf's DER encoding, upper-case hex with colons; null without a leaf
 * @param chainLength       certificates served, leaf included; 0 while only a request exists
 * @param selfSigned        the leaf is signed by its own key
 * @param pendingCsr        a signing request is waiting for the CA's answer; the certificate above (if any)
 *                          keeps serving until the answer is installed
 */
public record CertificateInfo(String name, String subject, String commonName, String issuer, List<String> dnsNames,
                              List<String> ipAddresses, String keyType, Instant notBefore, Instant notAfter,
                              String sha256Fingerprint, int chainLength, boolean selfSigned, boolean pendingCsr) {
    public CertificateInfo {
        Objects.requireNonNull(name, "name");
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    /**
     * Whether a client that asks for {@code host} accepts this certificate, by the rules of RFC 6125: a DNS name
     * matches a DNS subject alternative name exactly (case-insensitive, a trailing dot ignored) or a wildcard
     * whose {@code *} is the whole left-most label and stands for exactly one label ({@code *.example.com} covers
     * {@code a.example.com}, not {@code example.com} nor {@code a.b.example.com}); any other {@code *} matches
     * nothing. An IP literal matches IP subject alternative names only. The CN counts only when the certificate
     * has no subject alternative names. A wildcard host (a rule's {@code *.example.com}) is covered by the same
     * wildcard. A pending request without certificate covers nothing.
     */
    public boolean covers(String host) {
        if (chainLength == 0 || host == null) {
            return false;
        }
        String reference = host.trim().toLowerCase(Locale.ROOT);
        if (reference.startsWith("[") && reference.endsWith("]")) {
            reference = reference.substring(1, reference.length() - 1);
        }
        InetAddress address = ipLiteral(reference);
        if (address != null) {
            return ipAddresses.stream().anyMatch(ip -> address.equals(ipLiteral(ip)));
        }
        if (reference.endsWith(".")) {
            reference = reference.substring(0, reference.length() - 1);
        }
        if (reference.isEmpty()) {
            return false;
        }
        List<String> presented = dnsNames.isEmpty() && ipAddresses.isEmpty() && commonName != null
                ? List.of(commonName.toLowerCase(Locale.ROOT)) : dnsNames;
        for (String identifier : presented) {
            if (matches(identifier, reference)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the certificate is expired at {@code now + within}; false while only a request exists */
    public boolean expiresWithin(Duration within, Instant now) {
        return notAfter != null && !notAfter.isAfter(now.plus(within));
    }

    private static boolean matches(String presented, String reference) {
        String identifier = presented.endsWith(".") ? presented.substring(0, presented.length() - 1) : presented;
        if (identifier.indexOf('*') < 0) {
            return identifier.equals(reference);
        }
        // the only wildcard honoured: "*." followed by at least two labels without further '*'
        if (!identifier.startsWith("*.") || identifier.indexOf('*', 1) >= 0 || identifier.indexOf('.', 2) < 0) {
            return false;
        }
        if (reference.startsWith("*.")) {
            return reference.equals(identifier);
        }
        String parent = identifier.substring(1);
        int firstDot = reference.indexOf('.');
        return firstDot > 0 && reference.substring(firstDot).equals(parent) && reference.indexOf('*') < 0;
    }

    /** @return the address for an IPv4 dotted quad or an IPv6 literal, else null; never asks DNS */
    private static InetAddress ipLiteral(String text) {
        // starting with a hex digit or ':' keeps InetAddress on its literal parser
        boolean ipv6 = text.indexOf(':') >= 0 && (text.charAt(0) == ':' || Character.digit(text.charAt(0), 16) >= 0)
                && text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        if (!ipv6 && !isDottedQuad(text)) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isDottedQuad(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            // a leading zero is octal to some parsers and decimal to others: such a spelling names no address
            if (octet.isEmpty() || octet.length() > 3 || (octet.length() > 1 && octet.charAt(0) == '0')
                    || !octet.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
