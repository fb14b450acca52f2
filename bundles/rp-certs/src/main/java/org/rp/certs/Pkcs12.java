package org.rp.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.rp.api.cert.CertificateProblem;

/** Reads a PKCS#12 file (.p12, .pfx) as Windows, OpenSSL and Java write it, with or without a password. */
final class Pkcs12 {
    private Pkcs12() {
    }

    /** @param password null or empty for a file exported without one */
    static Material read(byte[] content, char[] password) {
        char[] secret = password != null ? password : new char[0];
        try {
            return read(keyStore(true), content, secret);
        } catch (CertificateProblem refused) {
            if (secret.length > 0) {
                throw refused;
            }
            // openssl's "-passout pass:" encrypts with the empty password, which BouncyCastle's PBKDF2 refuses and
            // the JDK's takes; the JDK in turn skips unencrypted keys, which BouncyCastle reads
            try {
                return read(keyStore(false), content, secret);
            } catch (CertificateProblem alsoRefused) {
                throw refused;
            }
        }
    }

    private static KeyStore keyStore(boolean bouncyCastle) {
        try {
            return bouncyCastle ? KeyStore.getInstance("PKCS12", BouncyCastle.PROVIDER)
                    : KeyStore.getInstance("PKCS12");
        } catch (KeyStoreException e) {
            throw new IllegalStateException("PKCS#12 is part of every Java runtime", e);
        }
    }

    private static Material read(KeyStore store, byte[] content, char[] secret) {
        try {
            store.load(new ByteArrayInputStream(content), secret);
        } catch (IOException e) {
            if (isPasswordProblem(e)) {
                throw secret.length == 0
                        ? new CertificateProblem("the PKCS#12 file is protected by a password; give it", e)
                        : Pem.wrongPassword("PKCS#12 file", e);
            }
            throw new CertificateProblem("it is neither PEM nor a readable PKCS#12 file (" + e.getMessage()
                    + "); give a PEM file with the chain and the key, or a .p12/.pfx file", e);
        } catch (GeneralSecurityException e) {
            throw new CertificateProblem("the PKCS#12 file uses a method rp does not know (" + e.getMessage()
                    + "); export it again with AES", e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                Key key = store.isKeyEntry(alias) ? store.getKey(alias, secret) : null;
                if (key instanceof PrivateKey) {
                    keys.add(Keys.toJdkKey(PrivateKeyInfo.getInstance(key.getEncoded())));
                }
                Certificate[] chain = store.getCertificateChain(alias);
                for (Certificate certificate : chain != null ? chain : new Certificate[]{store.getCertificate(alias)}) {
                    if (certificate != null) {
                        certificates.add(Pem.certificate(certificate.getEncoded()));
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw Pem.wrongPassword("key in the PKCS#12 file", e);
        }
        return new Material(certificates, keys, List.of());
    }

    /** Both readers say "password" (wrong MAC, empty password) or fail to decrypt with the wrong one. */
    private static boolean isPasswordProblem(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("password") || message.contains("decrypt")
                || e.getCause() instanceof GeneralSecurityException;
    }
}
