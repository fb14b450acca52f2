package org.rp.certs;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one BouncyCastle provider instance of this bundle, handed to BouncyCastle's builders. It is never
 * registered with {@code Security.addProvider}: that would be global state other bundles see and a leak across
 * bundle updates.
 */
final class BouncyCastle {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
