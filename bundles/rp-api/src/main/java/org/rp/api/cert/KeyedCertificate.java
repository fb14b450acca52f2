package org.rp.api.cert;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * What a TLS endpoint needs to present a certificate: the private key and the chain, leaf first, each
 * certificate followed by its issuer.
 *
 * @param privateKey the key of the leaf
 * @param chain      leaf first; never empty
 */
public record KeyedCertificate(PrivateKey privateKey, X509Certificate[] chain) {
    public KeyedCertificate {
        Objects.requireNonNull(privateKey, "privateKey");
        if (chain.length == 0) {
            throw new IllegalArgumentException("a keyed certificate needs at least the leaf certificate");
        }
        chain = chain.clone();
    }

    /** @return a copy, so that no caller can reorder the chain another caller uses */
    @Override
    public X509Certificate[] chain() {
        return chain.clone();
    }

    public X509Certificate leaf() {
        return chain[0];
    }
}
