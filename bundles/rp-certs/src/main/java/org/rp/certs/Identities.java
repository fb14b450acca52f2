package org.rp.certs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;
import org.rp.api.cert.CertificateProblem;

/**
 * The names a new certificate or request is for, checked: a common name, DNS names ({@code *.} wildcards
 * allowed) and IP addresses. A common name that is itself a DNS name or an IP address is added to the subject
 * alternative names, because clients look only there once there are any.
 *
 * @param commonName  the CN
 * @param dnsNames    lower case, no trailing dot, without duplicates
 * @param ipAddresses as {@link InetAddress#getHostAddress()} prints them, without duplicates
 */
record Identities(String commonName, List<String> dnsNames, List<String> ipAddresses) {
    private static final int MAX_COMMON_NAME = 64; // RFC 5280 ub-common-name
    private static final int MAX_NAMES = 100;

    Identities {
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    static Identities of(String commonName, List<String> dnsNames, List<String> ipAddresses) {
        String cn = commonName == null ? "" : commonName.trim();
        if (cn.isEmpty() || cn.length() > MAX_COMMON_NAME) {
            throw new CertificateProblem("common name '" + cn + "' must have 1 to " + MAX_COMMON_NAME
                    + " characters; give e.g. pbx.example.com");
        }
        Set<String> dns = new LinkedHashSet<>();
        Set<String> ips = new LinkedHashSet<>();
        String cnAddress = ipAddress(cn);
        String cnDnsName = dnsNameOrNull(cn);
        if (cnAddress != null) {
            ips.add(cnAddress);
        } else if (cnDnsName != null) {
            dns.add(cnDnsName);
        }
        for (String name : dnsNames == null ? List.<String>of() : dnsNames) {
            dns.add(dnsName(name));
        }
        for (String address : ipAddresses == null ? List.<String>of() : ipAddresses) {
            String canonical = ipAddress(address == null ? "" : address.trim());
            if (canonical == null) {
                throw new CertificateProblem("IP address '" + address + "' is not an IPv4 or IPv6 address; give"
                        + " e.g. 203.0.113.10 or 2001:db8::10");
            }
            ips.add(canonical);
        }
        if (dns.size() + ips.size() > MAX_NAMES) {
            throw new CertificateProblem((dns.size() + ips.size()) + " names are more than the " + MAX_NAMES
                    + " one certificate should carry; split them over several certificates");
        }
        return new Identities(cn, new ArrayList<>(dns), new ArrayList<>(ips));
    }

    X500Name subject() {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    /** @return the subject alternative names, or null when there are none */
    GeneralNames alternativeNames() {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        ipAddresses.forEach(address -> names.add(new GeneralName(GeneralName.iPAddress, address)));
        return names.isEmpty() ? null : new GeneralNames(names.toArray(new GeneralName[0]));
    }

    private static String dnsName(String name) {
        String checked = dnsNameOrNull(name);
        if (checked == null) {
            throw new CertificateProblem("DNS name '" + name + "' is not a host name or *. wildcard over at least"
                    + " two labels; give e.g. pbx.example.com or *.example.com");
        }
        return checked;
    }

    /** @return the name in lower case without trailing dot, or null when it is no host name or wildcard */
    private static String dnsNameOrNull(String name) {
        String lower = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        boolean wildcard = lower.startsWith("*.");
        String parent = wildcard ? lower.substring(2) : lower;
        // a wildcard over a single label (*.com) would cover a whole top-level domain
        return isDnsName(parent) && (!wildcard || parent.indexOf('.') > 0) ? lower : null;
    }

    /** Labels of letters, digits and inner hyphens, 1 to 63 long, at most 253 in all (RFC 1123). */
    private static boolean isDnsName(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** @return the canonical form of an IPv4 or IPv6 literal, else null; never asks DNS */
    static String ipAddress(String text) {
        if (!IPAddress.isValid(text)) {
            return null;
        }
        try {
            return InetAddress.getByName(text).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
