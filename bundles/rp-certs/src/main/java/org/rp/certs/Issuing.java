package org.rp.certs;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Makes what rp signs itself: self-signed certificates and PKCS#10 signing requests. Both are for a TLS server
 * that is also a TLS client (towards the PBX, which checks rp's certificate).
 */
final class Issuing {
    /** Clocks of clients differ; a certificate that starts an hour early is not refused by a slow one. */
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Issuing() {
    }

    static X509Certificate selfSigned(KeyPair keys, Identities identities, int days, Instant now) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(identities.subject(), serialNumber(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(Duration.ofDays(days))), identities.subject(),
                    keys.getPublic());
            JcaX509ExtensionUtils extensionUtils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensionUtils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensionUtils.createAuthorityKeyIdentifier(keys.getPublic()));
            Extensions usage = usageExtensions(identities, keys.getPrivate()).generate();
            for (ASN1ObjectIdentifier oid : usage.getExtensionOIDs()) {
                builder.addExtension(usage.getExtension(oid));
            }
            return Pem.certificate(builder.build(signer(keys.getPrivate())).getEncoded());
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("building a certificate from checked parts", e);
        }
    }

    static PKCS10CertificationRequest request(KeyPair keys, Identities identities) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(identities.subject(), keys.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                            usageExtensions(identities, keys.getPrivate()).generate())
                    .build(signer(keys.getPrivate()));
        } catch (IOException e) {
            throw new IllegalStateException("building a request from checked parts", e);
        }
    }

    /** Key usage, extended key usage and the subject alternative names. */
    private static ExtensionsGenerator usageExtensions(Identities identities, PrivateKey key) throws IOException {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        // RSA key exchange (TLS 1.2 without ECDHE) needs keyEncipherment; EC keys only sign
        int usage = KeyUsage.digitalSignature | (key.getAlgorithm().equals("RSA") ? KeyUsage.keyEncipherment : 0);
        extensions.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
        extensions.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        if (identities.alternativeNames() != null) {
            // critical only when the subject is empty (RFC 5280 4.2.1.6); rp always writes a CN
            extensions.addExtension(Extension.subjectAlternativeName, false, identities.alternativeNames());
        }
        return extensions;
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(Keys.signatureAlgorithm(key)).setProvider(BouncyCastle.PROVIDER)
                    .build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no signer for a key rp generated", e);
        }
    }

    /** 127 random bits: positive, at most 20 octets, and unpredictable as CA/B asks. */
    private static BigInteger serialNumber() {
        return new BigInteger(127, RANDOM).setBit(126);
    }
}
