package org.rp.certs;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.ECPoint;
import org.rp.api.cert.CertificateProblem;
import org.rp.api.cert.KeyType;

/**
 * Key pairs: generating them, turning decoded keys into the JDK's own key objects (which every TLS engine takes),
 * telling whether a private key belongs to a public key, and naming and judging a key's kind.
 */
final class Keys {
    private static final int MIN_RSA_BITS = 2048;

    private Keys() {
    }

    static KeyPair generate(KeyType type) {
        AlgorithmParameterSpec spec = switch (type) {
            case EC_P256 -> new ECGenParameterSpec("secp256r1");
            case EC_P384 -> new ECGenParameterSpec("secp384r1");
            case RSA_2048 -> new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4);
            case RSA_3072 -> new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4);
            case RSA_4096 -> new RSAKeyGenParameterSpec(4096, RSAKeyGenParameterSpec.F4);
        };
        try {
            String algorithm = spec instanceof ECGenParameterSpec ? "EC" : "RSA";
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(spec);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new CertificateProblem("this Java runtime cannot generate " + type.label() + " keys ("
                    + e.getMessage() + "); choose another key type", e);
        }
    }

    /** The signature algorithm rp uses with a key of this kind. */
    static String signatureAlgorithm(PrivateKey key) {
        if (key instanceof ECPrivateKey ec) {
            return ec.getParams().getOrder().bitLength() > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        return "SHA256withRSA";
    }

    /**
     * @return the JDK's key for a decoded PKCS#8 structure
     * @throws CertificateProblem when the key is neither RSA nor EC, or the JDK cannot use it
     */
    static PrivateKey toJdkKey(PrivateKeyInfo info) {
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        String jdkAlgorithm;
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            jdkAlgorithm = "RSA";
        } else if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            jdkAlgorithm = "EC";
        } else {
            throw new CertificateProblem("the private key is of kind " + algorithm.getId()
                    + ", which rp does not use; take an EC (P-256, P-384) or RSA (2048 bits or more) key");
        }
        try {
            return KeyFactory.getInstance(jdkAlgorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new CertificateProblem("the " + jdkAlgorithm + " private key cannot be used (" + e.getMessage()
                    + "); take an EC (P-256, P-384) or RSA (2048 bits or more) key", e);
        }
    }

    /** Compares the public half that {@code key} implies with {@code publicKey}. */
    static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
        if (key instanceof RSAPrivateCrtKey rsa && publicKey instanceof RSAPublicKey rsaPublic) {
            return rsa.getModulus().equals(rsaPublic.getModulus())
                    && rsa.getPublicExponent().equals(rsaPublic.getPublicExponent());
        }
        if (key instanceof ECPrivateKey ec && publicKey instanceof ECPublicKey ecPublic) {
            X9ECParameters curve = namedCurve(PrivateKeyInfo.getInstance(ec.getEncoded()).getPrivateKeyAlgorithm());
            if (curve == null || !curve.getN().equals(ecPublic.getParams().getOrder())) {
                return false;
            }
            // the JDK cannot derive Q = d·G, BouncyCastle's curve arithmetic can
            ECPoint q = curve.getG().multiply(ec.getS()).normalize();
            return q.getAffineXCoord().toBigInteger().equals(ecPublic.getW().getAffineX())
                    && q.getAffineYCoord().toBigInteger().equals(ecPublic.getW().getAffineY());
        }
        return false;
    }

    /** @return e.g. {@code EC P-256}, {@code RSA 2048} */
    static String describe(SubjectPublicKeyInfo publicKey) {
        AlgorithmIdentifier algorithm = publicKey.getAlgorithm();
        if (algorithm.getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return "RSA " + rsaBits(publicKey);
        }
        if (algorithm.getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            if (!(algorithm.getParameters() instanceof ASN1ObjectIdentifier curve)) {
                return "EC (explicit curve)";
            }
            String name = NISTNamedCurves.getName(curve);
            return "EC " + (name != null ? name : nameOrOid(curve));
        }
        return algorithm.getAlgorithm().getId();
    }

    static String describe(PublicKey publicKey) {
        return describe(SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()));
    }

    /**
     * Refuses keys that must not serve TLS: RSA below 2048 bits is broken; kinds other than RSA and EC are not
     * used by rp.
     */
    static void requireStrong(PublicKey publicKey) {
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
        ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            int bits = rsaBits(info);
            if (bits < MIN_RSA_BITS) {
                throw new CertificateProblem("the certificate's key is RSA " + bits + ", which is broken; get one"
                        + " for an ec-p256 key (the default, faster than RSA 1024 and secure) or rsa2048 or more");
            }
        } else if (!algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            throw new CertificateProblem("the certificate's key is of kind " + describe(info)
                    + ", which rp does not use; take an EC (P-256, P-384) or RSA (2048 bits or more) key");
        }
    }

    private static int rsaBits(SubjectPublicKeyInfo info) {
        try {
            // BouncyCastle's RSAPublicKey structure, not the JDK interface of the same name
            return org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(info.parsePublicKey()).getModulus().bitLength();
        } catch (IOException e) {
            throw new CertificateProblem("the RSA public key is damaged (" + e.getMessage() + ")", e);
        }
    }

    private static X9ECParameters namedCurve(AlgorithmIdentifier algorithm) {
        return algorithm.getParameters() instanceof ASN1ObjectIdentifier curve
                ? ECNamedCurveTable.getByOID(curve) : null;
    }

    private static String nameOrOid(ASN1ObjectIdentifier curve) {
        String name = ECNamedCurveTable.getName(curve);
        return name != null ? name : curve.getId();
    }
}
