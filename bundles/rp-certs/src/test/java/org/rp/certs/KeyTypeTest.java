package org.rp.certs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import org.junit.Test;
import org.rp.api.cert.CertificateProblem;
import org.rp.api.cert.KeyType;

public class KeyTypeTest {
    private static final String ADVICE = "; use ec-p256 (the default, faster than RSA 1024 and secure) or rsa2048 or"
            + " more";

    private static String refusal(String text) {
        try {
            KeyType.parse(text);
        } catch (CertificateProblem e) {
            return e.getMessage();
        }
        fail("expected '" + text + "' to be refused");
        return null;
    }

    @Test
    public void readsTheSpellingsOperatorsUse() {
        for (String text : new String[]{"ec", "EC", "p256", "P-256", "ec-p256", "ecdsa", "prime256v1", "secp256r1",
                "EC_P256", " ec "}) {
            assertEquals(text, KeyType.EC_P256, KeyType.parse(text));
        }
        for (String text : new String[]{"p384", "ec-p384", "secp384r1", "EC_P384"}) {
            assertEquals(text, KeyType.EC_P384, KeyType.parse(text));
        }
        assertEquals(KeyType.RSA_2048, KeyType.parse("rsa"));
        assertEquals(KeyType.RSA_2048, KeyType.parse("rsa2048"));
        assertEquals(KeyType.RSA_3072, KeyType.parse("RSA-3072"));
        assertEquals(KeyType.RSA_4096, KeyType.parse("rsa-4096"));
        assertEquals(KeyType.RSA_4096, KeyType.parse("rsa_4096"));
    }

    @Test
    public void defaultIsEcP256() {
        assertEquals(KeyType.EC_P256, KeyType.DEFAULT);
        assertEquals(KeyType.EC_P256, KeyType.parse(null));
        assertEquals(KeyType.EC_P256, KeyType.parse(" "));
    }

    @Test
    public void refusesRsaBelow2048SayingWhy() {
        assertEquals("RSA 1024 is broken; use ec-p256 (the default, faster than RSA 1024 and secure) or rsa2048 or"
                + " more", refusal("rsa1024"));
        assertEquals("RSA 1024 is broken" + ADVICE, refusal("RSA-1024"));
        assertEquals("RSA 2047 is broken" + ADVICE, refusal("rsa2047"));
        assertEquals("RSA 512 is broken" + ADVICE, refusal("rsa512"));
    }

    @Test
    public void refusesUnknownKinds() {
        for (String text : new String[]{"dsa", "ed25519", "rsa2049", "rsa8192", "p521", "rsa99999999999", "rsa-x"}) {
            assertEquals("key type '" + text + "' is unknown; use ec-p256 (the default), ec-p384, rsa2048, rsa3072 or"
                    + " rsa4096", refusal(text));
        }
    }

    @Test
    public void labelsAreWhatListingsShow() {
        assertEquals("EC P-256", KeyType.EC_P256.label());
        assertEquals("RSA 4096", KeyType.RSA_4096.label());
    }
}
