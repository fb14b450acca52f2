package org.rp.sniffers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * ASCII tests and comparisons on spans {@code [from, to)} of a received buffer, read with absolute gets so that no
 * sniffer copies bytes it does not report. Shared by the text protocols' parsers (HTTP, SIP).
 */
public final class Spans {
    private Spans() {
    }

    public static boolean isAlpha(byte b) {
        return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z';
    }

    public static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    public static byte toLower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    /** Whether {@code in[from, to)} equals {@code text} exactly (case-sensitive). */
    public static boolean equals(ByteBuffer in, int from, int to, String text) {
        return to - from == text.length() && startsWith(in, from, to, text);
    }

    /** Whether {@code in[from, to)} starts with {@code text} (case-sensitive). */
    public static boolean startsWith(ByteBuffer in, int from, int to, String text) {
        if (to - from < text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (in.get(from + i) != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code in[from, to)} equals {@code lowerCase}, ignoring ASCII case; {@code lowerCase} must be lower case. */
    public static boolean equalsIgnoreCase(ByteBuffer in, int from, int to, String lowerCase) {
        if (to - from != lowerCase.length()) {
            return false;
        }
        for (int i = 0; i < lowerCase.length(); i++) {
            if (toLower(in.get(from + i)) != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The span as one of {@code known} when it equals one exactly (a shared constant, no allocation), else as a new
     * string: for methods, whose common values are few.
     */
    public static String knownOrText(ByteBuffer in, int from, int to, String[] known) {
        for (String candidate : known) {
            if (equals(in, from, to, candidate)) {
                return candidate;
            }
        }
        return text(in, from, to);
    }

    /** The span as a string, one char per byte (ISO-8859-1): for facts and details, never for bytes not reported. */
    public static String text(ByteBuffer in, int from, int to) {
        byte[] bytes = new byte[to - from];
        in.get(from, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
