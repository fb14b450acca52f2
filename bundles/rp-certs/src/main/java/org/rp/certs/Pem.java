package org.rp.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.rp.api.cert.CertificateProblem;

/**
 * PEM in both directions. Reading takes what OpenSSL and other tools write: certificates, keys as PKCS#1 RSA,
 * SEC1 EC or PKCS#8, plain, PKCS#8-encrypted or with OpenSSL's {@code Proc-Type: 4,ENCRYPTED}, and signing
 * requests, with any text between the blocks. Writing produces certificates, unencrypted PKCS#8 keys (the files
 * are owner-only) and requests.
 */
final class Pem {
    private static final String BEGIN = "-----BEGIN ";

    private Pem() {
    }

    /** Whether the content has a PEM block at all (PEM files may start with other text, e.g. "Bag Attributes"). */
    static boolean looksLikePem(byte[] content) {
        return new String(content, StandardCharsets.ISO_8859_1).contains(BEGIN);
    }

    /**
     * @param password for encrypted keys; null when none is known
     * @throws CertificateProblem for text that is not PEM, an encrypted key without or with a wrong password
     */
    static Material read(byte[] content, char[] password) {
        List<X509Certificate> certificates = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        List<PKCS10CertificationRequest> requests = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new InputStreamReader(new ByteArrayInputStream(content),
                StandardCharsets.US_ASCII))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof X509CertificateHolder holder) {
                    certificates.add(certificate(holder.getEncoded()));
                } else if (block instanceof X509TrustedCertificateBlock trusted) {
                    certificates.add(certificate(trusted.getCertificateHolder().getEncoded()));
                } else if (block instanceof PKCS10CertificationRequest request) {
                    requests.add(request);
                } else if (!(block instanceof ASN1ObjectIdentifier)) {
                    // (an identifier is the "EC PARAMETERS" block openssl ecparam writes; the key names its curve)
                    keys.add(Keys.toJdkKey(privateKeyInfo(block, password)));
                }
            }
        } catch (CertificateProblem e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CertificateProblem("it is not valid PEM (" + e.getMessage() + "); check that the file is"
                    + " complete and unchanged", e);
        }
        return new Material(certificates, keys, requests);
    }

    private static PrivateKeyInfo privateKeyInfo(Object block, char[] password) {
        if (block instanceof PrivateKeyInfo info) {
            return info;
        }
        if (block instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        }
        if (block instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            char[] secret = requirePassword(password);
            try {
                return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(BouncyCastle.PROVIDER).build(secret));
            } catch (OperatorCreationException e) {
                throw new CertificateProblem("the key is encrypted with a method rp does not know ("
                        + e.getMessage() + "); export it with AES (openssl pkcs8 -topk8 -v2 aes256)", e);
            } catch (PKCSException | RuntimeException e) {
                throw wrongPassword("encrypted key", e);
            }
        }
        if (block instanceof PEMEncryptedKeyPair encrypted) {
            char[] secret = requirePassword(password);
            try {
                return encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                        .setProvider(BouncyCastle.PROVIDER).build(secret)).getPrivateKeyInfo();
            } catch (IOException | RuntimeException e) {
                // a wrong password shows as bad padding or, rarely, as garbage that is not a key
                throw wrongPassword("encrypted key", e);
            }
        }
        throw new CertificateProblem("it holds a PEM block of a kind rp does not use ("
                + block.getClass().getSimpleName() + "); keep only the certificates and the private key");
    }

    private static char[] requirePassword(char[] password) {
        if (password == null) {
            throw new CertificateProblem("the private key is encrypted; give its password");
        }
        return password;
    }

    static CertificateProblem wrongPassword(String what, Exception cause) {
        return new CertificateProblem("wrong password for the " + what + "; give the password it was"
                + " exported with", cause);
    }

    static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new CertificateProblem("a certificate is damaged (" + e.getMessage() + "); get the file again", e);
        }
    }

    static String certificates(X509Certificate... chain) {
        List<PemObject> blocks = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            try {
                blocks.add(new PemObject("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("a parsed certificate has no encoding", e);
            }
        }
        return write(blocks);
    }

    static String privateKey(PrivateKey key) {
        return write(List.of(new PemObject("PRIVATE KEY", key.getEncoded())));
    }

    /** The key of a pending request and the request itself, which the store keeps together in one file. */
    static String keyAndRequest(PrivateKey key, PKCS10CertificationRequest request) {
        return privateKey(key) + request(request);
    }

    static String request(PKCS10CertificationRequest request) {
        try {
            return write(List.of(new PemObject("CERTIFICATE REQUEST", request.getEncoded())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(List<PemObject> blocks) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            for (PemObject block : blocks) {
                writer.writeObject(block);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string", e);
        }
        return text.toString();
    }
}
