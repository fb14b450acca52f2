package org.rp.api.cert;

import java.util.Locale;

/**
 * The kinds of key rp generates. ECDSA P-256 is the default: faster than RSA 1024 and secure. RSA below 2048 bits
 * is not offered, because it is broken.
 */
public enum KeyType {
    EC_P256("EC P-256"),
    EC_P384("EC P-384"),
    RSA_2048("RSA 2048"),
    RSA_3072("RSA 3072"),
    RSA_4096("RSA 4096");

    public static final KeyType DEFAULT = EC_P256;

    private static final String CHOICES = "ec-p256 (the default), ec-p384, rsa2048, rsa3072 or rsa4096";

    private final String label;

    KeyType(String label) {
        this.label = label;
    }

    /** @return how certificate listings name this kind of key, e.g. {@code EC P-256} or {@code RSA 2048} */
    public String label() {
        return label;
    }

    /**
     * Reads the spellings operators use: {@code ec}, {@code p256}, {@code ec-p384}, {@code rsa2048},
     * {@code rsa-4096}, {@code RSA_3072}, ... ({@code rsa} alone is RSA 2048). Null or blank is the default.
     *
     * @throws CertificateProblem for RSA below 2048 bits (saying why) and for anything unknown
     */
    public static KeyType parse(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        String compact = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
        switch (compact) {
            case "ec", "ecdsa", "p256", "ecp256", "ecdsap256", "secp256r1", "prime256v1":
                return EC_P256;
            case "p384", "ecp384", "ecdsap384", "secp384r1":
                return EC_P384;
            case "rsa", "rsa2048":
                return RSA_2048;
            case "rsa3072":
                return RSA_3072;
            case "rsa4096":
                return RSA_4096;
            default:
                break;
        }
        if (compact.startsWith("rsa") && isDigits(compact.substring(3))
                && compact.length() <= 7 && Integer.parseInt(compact.substring(3)) < 2048) {
            throw new CertificateProblem("RSA " + compact.substring(3) + " is broken; use ec-p256 (the default,"
                    + " faster than RSA 1024 and secure) or rsa2048 or more");
        }
        throw new CertificateProblem("key type '" + text.trim() + "' is unknown; use " + CHOICES);
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
