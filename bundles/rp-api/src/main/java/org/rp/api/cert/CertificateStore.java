package org.rp.api.cert;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * rp's certificates with their private keys, pending signing requests and trust anchors, as one service for the
 * TLS listeners, the shell and the checks.
 * <p>
 * Names are {@code [a-z0-9][a-z0-9._-]{0,63}}; the certificate {@code default} always exists (a self-signed one
 * is made on first start) and serves TLS clients that send no SNI. Certificates and trust anchors have separate
 * names. Reads never block and may run on network event loops; changes are serialised. Bad input is refused
 * with a {@link CertificateProblem} before anything changes.
 */
@org.osgi.annotation.versioning.ProviderType
public interface CertificateStore {

    /** The certificate that serves TLS clients without SNI and listeners that name no certificate. */
    String DEFAULT_NAME = "default";

    /**
     * Validity of generated certificates unless asked otherwise: within the CA/Browser Forum's 398 days and so within
     * Apple's 825, even with an hour of backdating for clock skew.
     */
    int DEFAULT_VALIDITY_DAYS = 397;

    /** @return every certificate and every name with only a pending request, by name */
    List<CertificateInfo> list();

    /** @return the certificate or pending request of that name; empty for a name that is not there */
    Optional<CertificateInfo> info(String name);

    /** @return key and chain for TLS; empty when the name has no certificate (a pending request alone has none) */
    Optional<KeyedCertificate> keyed(String name);

    /**
     * Creates a new key and a self-signed certificate for it, replacing the certificate of that name (a pending
     * request stays pending). A {@code commonName} that is a DNS name or IP address is also written as a subject
     * alternative name, since current clients look only there.
     *
     * @param type        null for {@link KeyType#DEFAULT}
     * @param commonName  null or blank for the store's configured default common name
     * @param dnsNames    DNS names ({@code *.example.com} allowed) the certificate covers
     * @param ipAddresses IP addresses the certificate covers
     * @param days        validity, 1 to 3650
     */
    CertificateInfo generateSelfSigned(String name, KeyType type, String commonName, List<String> dnsNames,
                                       List<String> ipAddresses, int days);

    /**
     * Creates a new key and a PKCS#10 signing request for the CA, with the CN and the DNS names and IP addresses
     * as requested subject alternative names (the CN too, as with {@link #generateSelfSigned}). The key is kept as
     * the name's pending key, replacing an earlier pending one; a certificate of that name keeps serving until
     * {@link #install} brings the CA's answer.
     *
     * @return the request, PEM ({@code -----BEGIN CERTIFICATE REQUEST-----})
     */
    String createCsr(String name, KeyType type, String commonName, List<String> dnsNames, List<String> ipAddresses);

    /**
     * Installs the CA's answer to the pending request of {@code name}: the certificate and, in any order, its
     * issuers. The leaf must carry the pending key; from then on it serves with that key.
     */
    CertificateInfo install(String name, byte[] pemChain);

    /**
     * Imports a certificate with its key, replacing the certificate of that name. The content is detected: PEM
     * holding the chain and the key in any order (key as PKCS#1 RSA, SEC1 EC or PKCS#8; plain, PKCS#8-encrypted or
     * OpenSSL {@code Proc-Type: 4,ENCRYPTED}), or a PKCS#12 file.
     *
     * @param password for an encrypted key or PKCS#12 file; null when there is none
     */
    CertificateInfo importCertificate(String name, byte[] content, char[] password);

    /** @return the chain, leaf first, as PEM; never the key */
    String exportChain(String name);

    /** Removes the certificate, its key and any pending request of that name. */
    void remove(String name);

    /** Adds (or replaces) a trust anchor: one certificate, PEM, that upstream certificates may chain to. */
    CertificateInfo trust(String name, byte[] pem);

    /** Removes a trust anchor. */
    void untrust(String name);

    /** @return the trust anchors, by name */
    List<CertificateInfo> trusted();

    /** @return the trust anchors' certificates, for a trust manager */
    List<X509Certificate> trustAnchors();

    /**
     * @return a number that is greater after every change of this service's certificates, keys, requests or
     *         trust anchors, so that TLS code can keep its contexts until it changes
     */
    long revision();
}
