package org.rp.sniffers.tls;

import java.nio.charset.StandardCharsets;

/**
 * The host_name of a server_name extension (RFC 6066 3) as rp routes by it: a DNS name of letters, digits,
 * {@code -} and {@code _} (which real names carry) in dot-separated labels of 1 to 63 characters, at most 253 in all,
 * with an optional trailing dot that does not change the name. Nothing else is accepted: a NUL, a space or a
 * percent sign in a name that passes through unseen is how SNI filters and certificate checks get fooled. Literal
 * IP addresses are not allowed in SNI, so a name whose last label is numeric is refused too.
 */
final class SniHostName {
    /** RFC 1035 2.3.4, without the trailing dot. */
    static final int MAX_LENGTH = 253;
    static final int MAX_LABEL_LENGTH = 63;

    private SniHostName() {
    }

    /** @return what is wrong with message bytes {@code [from, to)} as a host name, or {@code null} if nothing */
    static String problem(HandshakeMessage message, int from, int to) {
        if (from == to) {
            return "empty host_name";
        }
        int nameEnd = withoutTrailingDot(message, from, to);
        if (nameEnd - from > MAX_LENGTH) {
            return "host_name of " + (nameEnd - from) + " characters (at most " + MAX_LENGTH + ")";
        }
        int labelStart = from;
        boolean numericLabel = true;
        for (int i = from; i < nameEnd; i++) {
            int c = message.u8(i);
            if (c == '.') {
                if (i == labelStart) {
                    return "empty label in host_name";
                }
                labelStart = i + 1;
                numericLabel = true;
            } else if (!isNameCharacter(c)) {
                return "invalid character 0x" + Integer.toHexString(c) + " in host_name";
            } else if (i - labelStart == MAX_LABEL_LENGTH) {
                return "label longer than " + MAX_LABEL_LENGTH + " characters in host_name";
            } else {
                numericLabel &= c >= '0' && c <= '9';
            }
        }
        if (labelStart == nameEnd) {
            return "empty label in host_name";
        }
        return numericLabel ? "host_name ending in a numeric label (IP addresses are not allowed in SNI)" : null;
    }

    /** The name of a valid {@code [from, to)}, lower case and without a trailing dot. */
    static String lowerCase(HandshakeMessage message, int from, int to) {
        byte[] name = new byte[withoutTrailingDot(message, from, to) - from];
        for (int i = 0; i < name.length; i++) {
            int c = message.u8(from + i);
            name[i] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
        return new String(name, StandardCharsets.ISO_8859_1);
    }

    private static int withoutTrailingDot(HandshakeMessage message, int from, int to) {
        return message.u8(to - 1) == '.' ? to - 1 : to;
    }

    private static boolean isNameCharacter(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }
}
