package org.rp.sniffers.http;

import java.nio.ByteBuffer;
import org.rp.sniffers.Spans;

/**
 * The {@code uri-host [":" port]} of a Host header or an absolute-form authority (RFC 9110 7.2, RFC 3986 3.2).
 * <p>
 * Stricter than RFC 3986 on purpose, because the host is the routing key: a reg-name may only hold letters, digits,
 * {@code - . _} (no percent-encoding or sub-delims that would let two spellings name one host), a name whose last
 * label is numeric must be a dotted-quad IPv4 address without leading zeros (as WHATWG URL parsing treats it), and the
 * port must be 1 to 5 digits up to 65535.
 */
final class HostSyntax {
    /** RFC 1035 limit on a name's length, plus one for the trailing dot of an absolute name. */
    private static final int MAX_NAME_LENGTH = 254;

    private HostSyntax() {
    }

    /** @return what is wrong with {@code in[from, to)}, or {@code null} if it is a valid host with optional port */
    static String problem(ByteBuffer in, int from, int to) {
        if (from == to) {
            return "empty host";
        }
        int hostEnd;
        if (in.get(from) == '[') {
            hostEnd = indexOf(in, from, to, (byte) ']');
            if (hostEnd < 0) {
                return "unterminated IPv6 literal in host";
            }
            if (!isIpv6(in, from + 1, hostEnd)) {
                return "invalid IPv6 literal in host";
            }
            hostEnd++;
        } else {
            hostEnd = from;
            while (hostEnd < to && in.get(hostEnd) != ':') {
                byte b = in.get(hostEnd);
                if (b == '@') {
                    return "userinfo in host";
                }
                if (!Ascii.isHostNameByte(b)) {
                    return "invalid character in host";
                }
                hostEnd++;
            }
            String nameProblem = regNameProblem(in, from, hostEnd);
            if (nameProblem != null) {
                return nameProblem;
            }
        }
        if (hostEnd == to) {
            return null;
        }
        return in.get(hostEnd) == ':' && isPort(in, hostEnd + 1, to) ? null : "invalid port in host";
    }

    /** @return where the host name of a valid {@code in[from, to)} starts: after an IPv6 literal's bracket */
    static int nameStart(ByteBuffer in, int from) {
        return in.get(from) == '[' ? from + 1 : from;
    }

    /** @return where the host name of a valid {@code in[from, to)} ends: before the port, a trailing dot or a bracket */
    static int nameEnd(ByteBuffer in, int from, int to) {
        if (in.get(from) == '[') {
            return indexOf(in, from, to, (byte) ']');
        }
        int end = indexOf(in, from, to, (byte) ':');
        if (end < 0) {
            end = to;
        }
        return in.get(end - 1) == '.' ? end - 1 : end;
    }

    private static String regNameProblem(ByteBuffer in, int from, int to) {
        if (from == to) {
            return "empty host";
        }
        if (to - from > MAX_NAME_LENGTH) {
            return "host name too long";
        }
        int nameEnd = in.get(to - 1) == '.' ? to - 1 : to;
        int labelStart = from;
        for (int i = from; i <= nameEnd; i++) {
            if (i == nameEnd || in.get(i) == '.') {
                if (i == labelStart) {
                    return "empty label in host";
                }
                if (i < nameEnd) {
                    labelStart = i + 1;
                }
            }
        }
        boolean lastLabelNumeric = true;
        for (int i = labelStart; i < nameEnd; i++) {
            lastLabelNumeric &= Spans.isDigit(in.get(i));
        }
        return lastLabelNumeric && !isIpv4(in, from, nameEnd) ? "invalid IPv4 address in host" : null;
    }

    private static boolean isPort(ByteBuffer in, int from, int to) {
        if (from == to || to - from > 5) {
            return false;
        }
        int port = 0;
        for (int i = from; i < to; i++) {
            byte b = in.get(i);
            if (!Spans.isDigit(b)) {
                return false;
            }
            port = port * 10 + (b - '0');
        }
        return port <= 65535;
    }

    /** Four decimal octets of 1 to 3 digits, at most 255, no leading zeros (which some resolvers read as octal). */
    static boolean isIpv4(ByteBuffer in, int from, int to) {
        int octets = 0;
        int i = from;
        while (true) {
            int octetStart = i;
            int value = 0;
            while (i < to && Spans.isDigit(in.get(i)) && i - octetStart < 3) {
                value = value * 10 + (in.get(i) - '0');
                i++;
            }
            int digits = i - octetStart;
            if (digits == 0 || value > 255 || (digits > 1 && in.get(octetStart) == '0')) {
                return false;
            }
            octets++;
            if (i == to) {
                return octets == 4;
            }
            if (in.get(i) != '.' || octets == 4) {
                return false;
            }
            i++;
        }
    }

    /** RFC 3986 IPv6address: eight 16-bit pieces, one {@code ::} standing for one or more zero pieces, IPv4 tail. */
    static boolean isIpv6(ByteBuffer in, int from, int to) {
        int pieces = 0;
        boolean compressed = false;
        int i = from;
        if (i + 1 < to && in.get(i) == ':' && in.get(i + 1) == ':') {
            compressed = true;
            i += 2;
            if (i == to) {
                return true;
            }
        }
        while (true) {
            int pieceStart = i;
            while (i < to && Ascii.hexValue(in.get(i)) >= 0) {
                i++;
            }
            if (i < to && in.get(i) == '.') {
                // an IPv4 address fills the last two pieces
                pieces += 2;
                return (compressed ? pieces <= 7 : pieces == 8) && isIpv4(in, pieceStart, to);
            }
            int digits = i - pieceStart;
            if (digits == 0 || digits > 4) {
                return false;
            }
            pieces++;
            if (i == to) {
                return compressed ? pieces <= 7 : pieces == 8;
            }
            if (in.get(i) != ':' || pieces == 8) {
                return false;
            }
            i++;
            if (i < to && in.get(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == to) {
                    return pieces <= 7;
                }
            } else if (i == to) {
                return false;
            }
        }
    }

    private static int indexOf(ByteBuffer in, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (in.get(i) == wanted) {
                return i;
            }
        }
        return -1;
    }
}
