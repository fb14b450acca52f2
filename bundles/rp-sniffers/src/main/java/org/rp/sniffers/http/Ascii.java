package org.rp.sniffers.http;

import java.nio.ByteBuffer;
import org.rp.sniffers.Spans;

/** Byte classes of the HTTP grammar (RFC 9110, RFC 3986), looked up in tables so that a scan costs one load per byte. */
final class Ascii {
    static final byte SP = ' ';
    static final byte CR = '\r';
    static final byte LF = '\n';

    // byte classes, as bits so that skip() can take several at once
    /** tchar (RFC 9110 5.6.2): what methods and field names are made of. */
    static final int TCHAR = 1;
    /** VCHAR or obs-text (RFC 9110 5.5): a field value byte other than whitespace. */
    static final int FIELD_CONTENT = 2;
    /** VCHAR except {@code #}: what a request target may hold as sent (clients never send a fragment). */
    static final int TARGET = 4;
    /** RFC 3986 unreserved: the only characters whose percent-encoding means the same as the character itself. */
    static final int UNRESERVED = 8;
    /** Letters, digits, {@code - . _}: a host name as rp accepts it. */
    static final int HOST_NAME = 16;
    /** SP and HTAB. */
    static final int OWS = 32;
    /** One set of class bits per byte value, so that the hot loops test each byte with one load. */
    private static final byte[] CLASSES = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            boolean visible = c > ' ' && c < 0x7F;
            boolean alphaNumeric = c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
            int classes = 0;
            if (alphaNumeric || c < 0x80 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0) {
                classes |= TCHAR;
            }
            if (visible || c >= 0x80) {
                classes |= FIELD_CONTENT;
            }
            if (visible && c != '#') {
                classes |= TARGET;
            }
            if (alphaNumeric || c == '-' || c == '.' || c == '_' || c == '~') {
                classes |= UNRESERVED;
            }
            if (alphaNumeric || c == '-' || c == '.' || c == '_') {
                classes |= HOST_NAME;
            }
            if (c == ' ' || c == '\t') {
                classes |= OWS;
            }
            CLASSES[c] = (byte) classes;
        }
    }

    private Ascii() {
    }

    private static boolean is(byte b, int classes) {
        return (CLASSES[b & 0xFF] & classes) != 0;
    }

    /** @return the index of the first byte of {@code in[from, to)} outside {@code classes}, or {@code to} */
    static int skip(ByteBuffer in, int from, int to, int classes) {
        int i = from;
        while (i < to && is(in.get(i), classes)) {
            i++;
        }
        return i;
    }

    static boolean isTchar(byte b) {
        return is(b, TCHAR);
    }

    static boolean isFieldContent(byte b) {
        return is(b, FIELD_CONTENT);
    }

    /** @param c a decoded percent-escape, 0 to 255 */
    static boolean isUnreserved(int c) {
        return is((byte) c, UNRESERVED);
    }

    static boolean isHostNameByte(byte b) {
        return is(b, HOST_NAME);
    }

    static boolean isOws(byte b) {
        return is(b, OWS);
    }

    /** A printable ASCII character (RFC 5234 VCHAR); excludes SP, controls, DEL and every byte above 0x7F. */
    static boolean isVisible(byte b) {
        return b > SP && b < 0x7F;
    }

    static boolean isUpper(byte b) {
        return b >= 'A' && b <= 'Z';
    }

    static boolean isLower(byte b) {
        return b >= 'a' && b <= 'z';
    }

    /** @return the value of a hexadecimal digit, or -1 */
    static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }

    /**
     * Whether the comma-separated list {@code in[from, to)} (RFC 9110 5.6.1, OWS around elements) has an element
     * equal to {@code lowerCaseToken}, ignoring ASCII case.
     */
    static boolean listContainsToken(ByteBuffer in, int from, int to, String lowerCaseToken) {
        int elementStart = from;
        for (int i = from; i <= to; i++) {
            if (i == to || in.get(i) == ',') {
                int start = skip(in, elementStart, i, OWS);
                int end = i;
                while (end > start && isOws(in.get(end - 1))) {
                    end--;
                }
                if (Spans.equalsIgnoreCase(in, start, end, lowerCaseToken)) {
                    return true;
                }
                elementStart = i + 1;
            }
        }
        return false;
    }
}
