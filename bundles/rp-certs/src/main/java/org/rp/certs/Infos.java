package org.rp.certs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.rp.api.cert.CertificateInfo;

/** Describes certificates and requests for listings and checks. */
final class Infos {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private Infos() {
    }

    static CertificateInfo ofChain(String name, X509Certificate[] chain, boolean pendingCsr) {
        X509Certificate leaf = chain[0];
        List<String> dnsNames = new ArrayList<>();
        List<String> ipAddresses = new ArrayList<>();
        try {
            Collection<List<?>> alternativeNames = leaf.getSubjectAlternativeNames();
            for (List<?> entry : alternativeNames == null ? List.<List<?>>of() : alternativeNames) {
                int type = (Integer) entry.get(0);
                if (type == SAN_DNS) {
                    dnsNames.add(((String) entry.get(1)).toLowerCase(Locale.ROOT));
                } else if (type == SAN_IP) {
                    ipAddresses.add(canonicalAddress((String) entry.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            // a leaf whose names cannot be read covers no name; it still serves clients that do not check
        }
        return new CertificateInfo(name, leaf.getSubjectX500Principal().getName(),
                commonName(X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded())),
                leaf.getIssuerX500Principal().getName(), dnsNames, ipAddresses, Keys.describe(leaf.getPublicKey()),
                leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(), fingerprint(leaf), chain.length,
                Chains.selfIssued(leaf) && Chains.signedBy(leaf, leaf), pendingCsr);
    }

    /** A name that has only a pending request: what was asked for, without validity or issuer. */
    static CertificateInfo ofRequest(String name, PKCS10CertificationRequest request) {
        List<String> dnsNames = new ArrayList<>();
        List<String> ipAddresses = new ArrayList<>();
        for (GeneralName san : requestedNames(request)) {
            if (san.getTagNo() == GeneralName.dNSName) {
                dnsNames.add(san.getName().toString().toLowerCase(Locale.ROOT));
            } else if (san.getTagNo() == GeneralName.iPAddress) {
                byte[] octets = DEROctetString.getInstance(san.getName()).getOctets();
                ipAddresses.add(canonicalAddress(octets));
            }
        }
        X500Name subject = request.getSubject();
        return new CertificateInfo(name, subjectText(subject), commonName(subject), null, dnsNames, ipAddresses,
                Keys.describe(request.getSubjectPublicKeyInfo()), null, null, null, 0, false, true);
    }

    private static List<GeneralName> requestedNames(PKCS10CertificationRequest request) {
        List<GeneralName> names = new ArrayList<>();
        for (Attribute attribute
                : request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (ASN1Encodable value : attribute.getAttributeValues()) {
                GeneralNames sans = GeneralNames.fromExtensions(Extensions.getInstance(value),
                        Extension.subjectAlternativeName);
                if (sans != null) {
                    names.addAll(List.of(sans.getNames()));
                }
            }
        }
        return names;
    }

    /** RFC 2253, as the JDK prints certificates' subjects, so that requests and certificates read alike. */
    private static String subjectText(X500Name subject) {
        try {
            return new X500Principal(subject.getEncoded()).getName();
        } catch (IOException e) {
            return subject.toString();
        }
    }

    /** The most specific (last) CN, as RFC 6125 asks when several are present. */
    private static String commonName(X500Name subject) {
        RDN[] rdns = subject.getRDNs(BCStyle.CN);
        if (rdns.length == 0) {
            return null;
        }
        ASN1Encodable value = rdns[rdns.length - 1].getFirst().getValue();
        // the value itself, not its RFC 2253 spelling with escapes
        return value instanceof ASN1String text ? text.getString() : IETFUtils.valueToString(value);
    }

    private static String canonicalAddress(String literal) {
        String canonical = Identities.ipAddress(literal);
        return canonical != null ? canonical : literal;
    }

    private static String canonicalAddress(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets).getHostAddress();
        } catch (UnknownHostException e) {
            return HexFormat.of().formatHex(octets);
        }
    }

    /** SHA-256 of the DER encoding, as browsers and openssl show it: AB:CD:... */
    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("SHA-256 of a parsed certificate", e);
        }
    }
}
