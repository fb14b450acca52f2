package org.rp.sniffers.ldap;

import java.nio.ByteBuffer;

/** The string syntaxes of the bind and extended request fields that the sniffer reports. */
final class LdapSyntax {
    private LdapSyntax() {
    }

    /**
     * An LDAPString (RFC 4511 4.1.2) as rp reports it: strict UTF-8 (RFC 3629: no overlong forms, surrogates or code
     * points above U+10FFFF) without C0 controls or DEL, which no directory name holds and which would let a client
     * write lines of its own into rp's logs.
     *
     * @return what is wrong with {@code in[from, to)}, or {@code null}
     */
    static String textProblem(ByteBuffer in, int from, int to) {
        int i = from;
        while (i < to) {
            int b = in.get(i) & 0xFF;
            if (b < 0x80) {
                if (b < 0x20 || b == 0x7F) {
                    return "control character";
                }
                i++;
                continue;
            }
            int continuations;
            // the range of the second octet narrows for lead octets that could spell overlong forms, surrogates
            // or code points past U+10FFFF (RFC 3629 4)
            int secondMin = 0x80;
            int secondMax = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                continuations = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                continuations = 2;
                secondMin = b == 0xE0 ? 0xA0 : 0x80;
                secondMax = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                continuations = 3;
                secondMin = b == 0xF0 ? 0x90 : 0x80;
                secondMax = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                return "invalid UTF-8";
            }
            if (to - i - 1 < continuations) {
                return "invalid UTF-8";
            }
            int second = in.get(i + 1) & 0xFF;
            if (second < secondMin || second > secondMax) {
                return "invalid UTF-8";
            }
            for (int k = 2; k <= continuations; k++) {
                if ((in.get(i + k) & 0xC0) != 0x80) {
                    return "invalid UTF-8";
                }
            }
            i += 1 + continuations;
        }
        return null;
    }

    /**
     * Whether {@code in[from, to)} is 1 to {@code maxLength} letters, digits, hyphens and underscores: the shape of a
     * SASL mechanism name (RFC 4422 3.1; lower case is let through, servers look mechanisms up ignoring case) and
     * of a DNS label as rp routes by.
     */
    static boolean isWord(ByteBuffer in, int from, int to, int maxLength) {
        if (to - from < 1 || to - from > maxLength) {
            return false;
        }
        for (int i = from; i < to; i++) {
            byte b = in.get(i);
            if (!isLetterOrDigit(b) && b != '-' && b != '_') {
                return false;
            }
        }
        return true;
    }

    /** An LDAPOID (RFC 4512 1.4 numericoid): numbers without leading zeros, at least two, separated by dots. */
    static boolean isNumericOid(ByteBuffer in, int from, int to) {
        int numbers = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            byte b = in.get(i);
            if (b >= '0' && b <= '9') {
                if (digits == 1 && in.get(i - 1) == '0') {
                    return false;
                }
                digits++;
            } else if (b == '.' && digits > 0) {
                numbers++;
                digits = 0;
            } else {
                return false;
            }
        }
        return digits > 0 && numbers > 0;
    }

    private static boolean isLetterOrDigit(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
    }

    static byte toLowerCase(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
}
