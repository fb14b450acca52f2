package org.rp.certs;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Test material made with BouncyCastle directly (not with the code under test): CAs, leaves, and the PEM and
 * PKCS#12 spellings tools write.
 */
final class TestPki {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIALS = new AtomicLong(1000);

    /** A key and the certificate issued for it. */
    record Issued(KeyPair keys, X509Certificate certificate) {
        PrivateKey key() {
            return keys.getPrivate();
        }
    }

    private TestPki() {
    }

    static KeyPair ec() {
        return keyPair("EC", 256);
    }

    static KeyPair rsa(int bits) {
        return keyPair("RSA", bits);
    }

    private static KeyPair keyPair(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(size);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static Issued rootCa(String cn) {
        KeyPair keys = ec();
        return new Issued(keys, issue(null, cn, keys, true, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(3650)), List.of()));
    }

    static Issued intermediateCa(Issued issuer, String cn) {
        KeyPair keys = ec();
        return new Issued(keys, issue(issuer, cn, keys, true, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(1000)), List.of()));
    }

    /** A server certificate valid from yesterday for a year. */
    static Issued leaf(Issued issuer, String cn, KeyPair keys, String... dnsNames) {
        return new Issued(keys, issue(issuer, cn, keys, false, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(365)), List.of(dnsNames)));
    }

    /**
     * @param issuer null for self-signed
     * @param names  subject alternative names: DNS names, or IP addresses written as {@code ip:203.0.113.5}
     */
    static X509Certificate issue(Issued issuer, String cn, KeyPair keys, boolean ca, Instant notBefore,
                                 Instant notAfter, List<String> names) {
        try {
            X500Name subject = new X500Name("CN=" + cn);
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.key();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (!names.isEmpty()) {
                List<GeneralName> sans = new ArrayList<>();
                for (String name : names) {
                    sans.add(name.startsWith("ip:") ? new GeneralName(GeneralName.iPAddress, name.substring(3))
                            : new GeneralName(GeneralName.dNSName, name));
                }
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            String algorithm = signingKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(signingKey)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The same key, whatever encoding it came through (SEC1 and PKCS#8 carry the curve in different places). */
    static void assertSameKey(PrivateKey expected, PrivateKey actual) {
        assertEquals(expected.getAlgorithm(), actual.getAlgorithm());
        if (expected instanceof ECPrivateKey ec) {
            assertEquals(ec.getS(), ((ECPrivateKey) actual).getS());
            assertEquals(ec.getParams().getOrder(), ((ECPrivateKey) actual).getParams().getOrder());
        } else {
            assertEquals(((RSAPrivateKey) expected).getModulus(), ((RSAPrivateKey) actual).getModulus());
            assertEquals(((RSAPrivateKey) expected).getPrivateExponent(), ((RSAPrivateKey) actual).getPrivateExponent());
        }
    }

    /** What a CA answers to a request (PEM): a certificate for the requested key, valid from yesterday. */
    static X509Certificate answer(String requestPem, Issued ca, Duration validity) {
        try (PEMParser parser = new PEMParser(new StringReader(requestPem))) {
            PublicKey requested = new JcaPKCS10CertificationRequest((PKCS10CertificationRequest) parser.readObject())
                    .getPublicKey();
            return issue(ca, "pbx.example.com", new KeyPair(requested, null), false,
                    Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(validity), List.of("pbx.example.com"));
        } catch (IOException | GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static String pem(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return text.toString();
    }

    /** PKCS#1 for RSA ("RSA PRIVATE KEY"), SEC1 for EC ("EC PRIVATE KEY"), as openssl's traditional format. */
    static String traditionalKey(PrivateKey key) {
        return pem(asOpensslWritesIt(key));
    }

    /**
     * The JDK's EC key leaves the curve out of the inner SEC1 structure (PKCS#8 names it outside), so BouncyCastle
     * would write SEC1 without it; OpenSSL always writes the curve. BouncyCastle's own key object keeps it.
     */
    private static PrivateKey asOpensslWritesIt(PrivateKey key) {
        try {
            return key.getAlgorithm().equals("EC")
                    ? KeyFactory.getInstance("EC", BC).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded())) : key;
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static String pkcs8Key(PrivateKey key) {
        return pem(new PemObject("PRIVATE KEY", key.getEncoded()));
    }

    static String encryptedPkcs8Key(PrivateKey key, String password) {
        try {
            return pem(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(BC).setPassword(password.toCharArray()).build()).generate());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** openssl's "Proc-Type: 4,ENCRYPTED" over PKCS#1 or SEC1. */
    static String legacyEncryptedKey(PrivateKey key, String password, String cipher) {
        try {
            return pem(new JcaMiscPEMGenerator(asOpensslWritesIt(key), new JcePEMEncryptorBuilder(cipher).setProvider(BC)
                    .build(password.toCharArray())));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A PKCS#12 file as Java's key tool writes it (PBES2 with AES, HMAC-SHA256). */
    static byte[] pkcs12(PrivateKey key, String password, X509Certificate... chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("rp", key, password.toCharArray(), chain);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password.toCharArray());
            return out.toByteArray();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A PKCS#12 file without password, as {@code openssl pkcs12 -export -keypbe NONE -certpbe NONE -nomac} writes it:
     * the key in a plain key bag, nothing encrypted, no MAC, key and leaf tied by a local key id.
     */
    static byte[] pkcs12WithoutPassword(PrivateKey key, X509Certificate leaf, X509Certificate... issuers) {
        try {
            DEROctetString localKeyId = new DEROctetString(new byte[]{1, 2, 3, 4});
            PKCS12PfxPduBuilder builder = new PKCS12PfxPduBuilder();
            builder.addData(new JcaPKCS12SafeBagBuilder(key)
                    .addBagAttribute(PKCS12SafeBag.localKeyIdAttribute, localKeyId).build());
            builder.addData(new JcaPKCS12SafeBagBuilder(leaf)
                    .addBagAttribute(PKCS12SafeBag.localKeyIdAttribute, localKeyId).build());
            for (X509Certificate issuer : issuers) {
                builder.addData(new JcaPKCS12SafeBagBuilder(issuer).build());
            }
            return builder.build(null, null).getEncoded();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] bytes(String... parts) {
        return String.join("", parts).getBytes(StandardCharsets.US_ASCII);
    }
}
