package org.rp.sniffers.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns the path of a request target into the one form that allowed path prefixes are matched against, and refuses
 * paths that different servers could read differently (RFC 3986 6.2.2, RFC 9110 4.2.3):
 * <ul>
 * <li>percent-encoded unreserved characters are decoded, other escapes kept with upper-case hex digits;</li>
 * <li>dot-segments are removed (RFC 3986 5.2.4), runs of {@code /} collapse into one;</li>
 * <li>refused: malformed escapes, {@code %00}, an encoded {@code /}, a backslash (literal or encoded: some servers
 * read it as {@code /}), a dot-segment spelled with {@code %2E} (a filter sees a name, the server a dot-segment),
 * {@code ..} above the root, and a dot-segment with parameters ({@code ..;x}).</li>
 * </ul>
 * One instance per request; the caller has already refused fragments, controls and non-ASCII bytes.
 */
final class PathNormaliser {
    private static final byte[] HEX_DIGITS = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final byte[] out;
    private int length;

    /** @param maxPathLength the length of the longest path this instance will be given */
    PathNormaliser(int maxPathLength) {
        // one more for the "/" of an empty absolute-form path
        out = new byte[maxPathLength + 1];
    }

    /**
     * @param in   the path is {@code in[from, to)}: empty or starting with {@code /}, without query
     * @return what is wrong with the path, or {@code null} when {@link #path()} holds its normal form
     */
    String normalise(ByteBuffer in, int from, int to) {
        length = 0;
        boolean endsWithSlash = true;
        int i = from;
        while (i < to) {
            while (i < to && in.get(i) == '/') {
                i++;
            }
            if (i == to) {
                endsWithSlash = true;
                break;
            }
            int segmentStart = length;
            out[length++] = '/';
            boolean onlyDots = true;
            boolean encodedDot = false;
            while (i < to && in.get(i) != '/') {
                byte b = in.get(i);
                if (b == '%') {
                    int high = i + 2 < to ? Ascii.hexValue(in.get(i + 1)) : -1;
                    int low = i + 2 < to ? Ascii.hexValue(in.get(i + 2)) : -1;
                    if (high < 0 || low < 0) {
                        return "invalid percent escape in path";
                    }
                    int decoded = high << 4 | low;
                    switch (decoded) {
                        case 0:
                            return "encoded NUL in path";
                        case '/':
                            return "encoded slash in path";
                        case '\\':
                            return "encoded backslash in path";
                        default:
                            break;
                    }
                    if (Ascii.isUnreserved(decoded)) {
                        out[length++] = (byte) decoded;
                        encodedDot |= decoded == '.';
                    } else {
                        out[length++] = '%';
                        out[length++] = HEX_DIGITS[high];
                        out[length++] = HEX_DIGITS[low];
                    }
                    onlyDots &= decoded == '.';
                    i += 3;
                } else if (b == '\\') {
                    return "backslash in path";
                } else if (b == ';' && isDotSegment(onlyDots, length - segmentStart - 1)) {
                    // Tomcat and Jetty drop path parameters before resolving, so "..;" climbs for them
                    return "dot-segment with parameters in path";
                } else {
                    out[length++] = b;
                    onlyDots &= b == '.';
                    i++;
                }
            }
            int segmentLength = length - segmentStart - 1;
            if (isDotSegment(onlyDots, segmentLength)) {
                if (encodedDot) {
                    return "encoded dot segment in path";
                }
                length = segmentStart;
                if (segmentLength == 2) {
                    if (length == 0) {
                        return "path climbs above the root";
                    }
                    do {
                        length--;
                    } while (out[length] != '/');
                }
                // "/a/." and "/a/b/.." name a directory: "/a/"
                endsWithSlash = true;
            } else {
                endsWithSlash = false;
            }
        }
        if (endsWithSlash) {
            out[length++] = '/';
        }
        return null;
    }

    /** Whether a segment of {@code length} bytes, all dots if {@code onlyDots}, is "." or "..". */
    private static boolean isDotSegment(boolean onlyDots, int length) {
        return onlyDots && length >= 1 && length <= 2;
    }

    /** The normal form found by the last successful {@link #normalise}. */
    String path() {
        return new String(out, 0, length, StandardCharsets.ISO_8859_1);
    }
}
