package org.rp.certs;

import org.rp.api.cert.CertificateProblem;

/** Reads what operators hand in: tells PEM from PKCS#12, and bounds the size before anything is parsed. */
final class Credentials {
    /** Larger than any sensible certificate file (a few KB), small enough to refuse a wrong file early. */
    static final int MAX_BYTES = 1 << 20;

    private Credentials() {
    }

    /** A certificate with its key: PEM or PKCS#12. */
    static Material read(byte[] content, char[] password) {
        requireSensibleSize(content);
        if (Pem.looksLikePem(content)) {
            return Pem.read(content, password);
        }
        // DER always starts with a SEQUENCE; anything else is neither format
        if (content[0] == 0x30) {
            return Pkcs12.read(content, password);
        }
        throw new CertificateProblem("it is neither PEM (-----BEGIN ...) nor PKCS#12; give a PEM file with the chain"
                + " and the key, or a .p12/.pfx file");
    }

    /**
     * Certificates only, as PEM: the CA's answer, a trust anchor.
     *
     * @param expected what the operator should give, e.g. "the CA's certificate"
     */
    static Material readCertificates(byte[] content, String expected) {
        requireSensibleSize(content);
        if (!Pem.looksLikePem(content)) {
            throw new CertificateProblem("it is not PEM (-----BEGIN CERTIFICATE-----); give " + expected + " as PEM");
        }
        return Pem.read(content, null).requireCertificatesOnly();
    }

    private static void requireSensibleSize(byte[] content) {
        if (content == null || content.length == 0) {
            throw new CertificateProblem("the file is empty; give the certificate file");
        }
        if (content.length > MAX_BYTES) {
            throw new CertificateProblem("the file has " + content.length + " bytes, more than a certificate file"
                    + " (a few KB) can have; check that it is the right file");
        }
    }
}
