package org.rp.certs;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.rp.api.cert.CertificateProblem;

/**
 * Puts certificates given in any order into a chain, leaf first and each followed by its issuer, and refuses
 * what cannot serve: a leaf that does not carry the key, a certificate that belongs to no link of the chain, an
 * expired leaf, a weak key.
 */
final class Chains {
    private Chains() {
    }

    /**
     * @param key          the key the leaf must carry
     * @param certificates the leaf and its issuers, in any order
     * @param keyOrigin    how a refusal names the key, e.g. "the private key", "the pending request's key"
     * @param remedy       what a refusal tells the operator to do when the key belongs to no certificate
     */
    static X509Certificate[] forKey(PrivateKey key, List<X509Certificate> certificates, String keyOrigin,
                                    String remedy, Instant now) {
        List<X509Certificate> leaves = certificates.stream()
                .filter(certificate -> Keys.belongTogether(key, certificate.getPublicKey())).toList();
        if (leaves.isEmpty()) {
            throw new CertificateProblem(keyOrigin + " belongs to none of the certificates ("
                    + subjects(certificates) + "); " + remedy);
        }
        if (leaves.size() > 1) {
            throw new CertificateProblem(keyOrigin + " belongs to " + leaves.size() + " certificates ("
                    + subjects(leaves) + "); keep only the one that should serve");
        }
        X509Certificate leaf = leaves.get(0);
        Keys.requireStrong(leaf.getPublicKey());
        requireUnexpired(leaf, now, "renew it at the CA and use the new one");
        return order(leaf, certificates);
    }

    /** @param remedy what a refusal tells the operator to do */
    static void requireUnexpired(X509Certificate certificate, Instant now, String remedy) {
        if (certificate.getNotAfter().toInstant().isBefore(now)) {
            throw new CertificateProblem("the certificate " + subject(certificate) + " expired on "
                    + certificate.getNotAfter().toInstant() + "; " + remedy);
        }
    }

    /** Follows issuer links from the leaf by name and signature; every certificate given must be one link. */
    static X509Certificate[] order(X509Certificate leaf, List<X509Certificate> certificates) {
        List<X509Certificate> remaining = new ArrayList<>(certificates);
        remaining.remove(leaf);
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
        X509Certificate current = leaf;
        while (!remaining.isEmpty() && !selfIssued(current)) {
            X509Certificate issuer = issuerOf(current, remaining);
            if (issuer == null) {
                break;
            }
            chain.add(issuer);
            remaining.remove(issuer);
            current = issuer;
        }
        if (!remaining.isEmpty()) {
            throw new CertificateProblem("the certificate " + subjects(remaining) + " is not part of the chain of "
                    + subject(leaf) + " (" + chain.stream().map(Chains::subject).collect(Collectors.joining(" <- "))
                    + "); remove it and try again");
        }
        return chain.toArray(new X509Certificate[0]);
    }

    /** Subject equals issuer; the end of a chain (a root or a self-signed certificate). */
    static boolean selfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }

    static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static X509Certificate issuerOf(X509Certificate certificate, List<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                    && signedBy(certificate, candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static String subject(X509Certificate certificate) {
        return "'" + certificate.getSubjectX500Principal().getName() + "'";
    }

    private static String subjects(List<X509Certificate> certificates) {
        return certificates.stream().map(Chains::subject).collect(Collectors.joining(", "));
    }
}
