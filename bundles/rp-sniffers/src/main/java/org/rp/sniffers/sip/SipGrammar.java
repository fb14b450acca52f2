package org.rp.sniffers.sip;

import java.nio.ByteBuffer;
import org.rp.sniffers.Spans;

/**
 * Byte classes of the SIP grammar (RFC 3261 25.1) and the few in-place comparisons the parser needs, looked up in a
 * table so that a scan costs one load per byte.
 */
final class SipGrammar {
    static final byte SP = ' ';
    static final byte HTAB = '\t';
    static final byte CR = '\r';
    static final byte LF = '\n';

    // byte classes, as bits so that skip() can take several at once
    /** token: methods, header names, Via's protocol and transport. */
    static final int TOKEN = 1;
    /** What a URI user part may hold besides escapes: unreserved / user-unreserved. */
    static final int USER = 2;
    /** What a URI password may hold besides escapes. */
    static final int PASSWORD = 4;
    /** paramchar without escapes: param-unreserved / unreserved. */
    static final int PARAM = 8;
    /** SP and HTAB. */
    static final int WSP = 16;
    /** A header value byte other than whitespace: VCHAR, or any byte above 0x7F (UTF-8 text, not validated). */
    static final int VALUE = 32;
    /** The characters of host names and IPv4 addresses: alphanum, {@code -} and {@code .}. */
    static final int HOST_NAME = 64;
    /** What a tel URI's number is written with (RFC 3966 phonedigit-hex): hex digits, {@code * # - . ( )}. */
    static final int PHONE = 128;
    /** A printable ASCII character (RFC 5234 VCHAR): what a request line holds besides its two spaces and CRLF. */
    static final int VISIBLE = 256;

    private static final int[] CLASSES = new int[256];

    static {
        for (int c = 0; c < 256; c++) {
            boolean alphanum = c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
            // unreserved = alphanum / mark
            boolean unreserved = alphanum || "-_.!~*'()".indexOf(c) >= 0;
            int classes = 0;
            if (alphanum || "-.!%*_+`'~".indexOf(c) >= 0) {
                classes |= TOKEN;
            }
            if (unreserved || "&=+$,;?/".indexOf(c) >= 0) {
                classes |= USER;
            }
            if (unreserved || "&=+$,".indexOf(c) >= 0) {
                classes |= PASSWORD;
            }
            if (unreserved || "[]/:&+$".indexOf(c) >= 0) {
                classes |= PARAM;
            }
            if (c == SP || c == HTAB) {
                classes |= WSP;
            }
            if (c > SP && c != 0x7F) {
                classes |= VALUE;
            }
            if (alphanum || c == '-' || c == '.') {
                classes |= HOST_NAME;
            }
            if ("0123456789ABCDEFabcdef*#-.()".indexOf(c) >= 0) {
                classes |= PHONE;
            }
            if (c > SP && c < 0x7F) {
                classes |= VISIBLE;
            }
            CLASSES[c] = classes;
        }
    }

    private SipGrammar() {
    }

    static boolean is(byte b, int classes) {
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

    /**
     * Like {@link #skip} but also steps over escapes ({@code %} HEXDIG HEXDIG), which user parts, passwords and
     * parameters may hold; a {@code %} without two hex digits stops the scan there.
     */
    static int skipEscaped(ByteBuffer in, int from, int to, int classes) {
        int i = from;
        while (i < to) {
            byte b = in.get(i);
            if (is(b, classes)) {
                i++;
            } else if (b == '%' && i + 2 < to && isHexDigit(in.get(i + 1)) && isHexDigit(in.get(i + 2))) {
                i += 3;
            } else {
                break;
            }
        }
        return i;
    }

    /** @return the end of {@code in[from, to)} without its trailing SP and HTAB */
    static int trimEnd(ByteBuffer in, int from, int to) {
        int end = to;
        while (end > from && is(in.get(end - 1), WSP)) {
            end--;
        }
        return end;
    }

    static boolean isHexDigit(byte b) {
        return Spans.isDigit(b) || b >= 'A' && b <= 'F' || b >= 'a' && b <= 'f';
    }

    /** @return the index of the first {@code wanted} in {@code in[from, to)}, or -1 */
    static int indexOf(ByteBuffer in, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (in.get(i) == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the spans {@code in[from, to)} and {@code in[otherFrom, otherTo)} hold the same bytes. */
    static boolean same(ByteBuffer in, int from, int to, int otherFrom, int otherTo, boolean ignoreCase) {
        if (to - from != otherTo - otherFrom) {
            return false;
        }
        for (int i = 0; i < to - from; i++) {
            byte b = in.get(from + i);
            byte other = in.get(otherFrom + i);
            if (ignoreCase ? Spans.toLower(b) != Spans.toLower(other) : b != other) {
                return false;
            }
        }
        return true;
    }
}
