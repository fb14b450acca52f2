package org.rp.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;

import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.rp.api.cert.CertificateProblem;

/**
 * What one input (a PEM text, a PKCS#12 file, a stored file) held, decoded and decrypted, in input order.
 *
 * @param certificates every certificate, exact duplicates removed
 * @param keys         every private key, as JDK keys
 * @param requests     every PKCS#10 signing request
 */
record Material(List<X509Certificate> certificates, List<PrivateKey> keys,
                List<PKCS10CertificationRequest> requests) {

    /** Most certificates one input may hold: a chain is three or four; this bounds the chain search. */
    static final int MAX_CERTIFICATES = 16;

    Material {
        // the same certificate twice is common in concatenated files and harmless
        certificates = List.copyOf(new LinkedHashSet<>(certificates));
        keys = List.copyOf(keys);
        requests = List.copyOf(requests);
        if (certificates.size() > MAX_CERTIFICATES) {
            throw new CertificateProblem("it holds " + certificates.size() + " certificates, more than the "
                    + MAX_CERTIFICATES + " a chain can use; keep the certificate and its issuers only");
        }
    }

    /** @throws CertificateProblem unless this is certificates only: the CA's answer, a trust anchor */
    Material requireCertificatesOnly() {
        if (!keys.isEmpty()) {
            throw new CertificateProblem("it holds a private key, but only certificates are expected here;"
                    + " import a certificate with its key instead");
        }
        requireNoRequest();
        requireSomeCertificate();
        return this;
    }

    /** @return the one key, for an import of a certificate with its key */
    PrivateKey requireOneKey() {
        requireNoRequest();
        requireSomeCertificate();
        if (keys.isEmpty()) {
            throw new CertificateProblem("it holds no private key; add the certificate's key (PEM) or export"
                    + " the certificate with its key (PKCS#12)");
        }
        if (keys.size() > 1) {
            throw new CertificateProblem("it holds " + keys.size() + " private keys; keep only the key of the"
                    + " certificate");
        }
        return keys.get(0);
    }

    private void requireSomeCertificate() {
        if (certificates.isEmpty()) {
            throw new CertificateProblem("it holds no certificate (-----BEGIN CERTIFICATE-----); add the"
                    + " certificate and its issuers");
        }
    }

    private void requireNoRequest() {
        if (!requests.isEmpty()) {
            throw new CertificateProblem("it holds a signing request, not a certificate; send the request to the"
                    + " CA and use its answer");
        }
    }
}
