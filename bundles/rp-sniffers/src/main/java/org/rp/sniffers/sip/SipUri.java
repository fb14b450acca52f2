package org.rp.sniffers.sip;

import static org.rp.sniffers.sip.SipGrammar.HOST_NAME;
import static org.rp.sniffers.sip.SipGrammar.PARAM;
import static org.rp.sniffers.sip.SipGrammar.PASSWORD;
import static org.rp.sniffers.sip.SipGrammar.PHONE;
import static org.rp.sniffers.sip.SipGrammar.USER;
import static org.rp.sniffers.sip.SipGrammar.WSP;

import java.nio.ByteBuffer;
import org.rp.sniffers.Spans;

/**
 * Where the parts of one URI lie in the buffer: the Request-URI, or the URI of a To or From header (RFC 3261 19.1.1,
 * 20.10, 25.1). A SIP or SIPS URI has a host and may have a user, port and {@code transport} parameter; a tel URI
 * (RFC 3966) has a number, kept as the user, and no host; a To or From URI of any other scheme has neither.
 * <p>
 * Stricter than RFC 3261 on the host, because the host is the routing key: a host name must follow RFC 1035's
 * limits (labels of 1 to 63 letters, digits and inner hyphens, at most 253 characters), and a host whose last label
 * starts with a digit must be a dotted-quad IPv4 address without leading zeros (which some resolvers read as octal).
 * The headers part ({@code ?...}) is not looked at.
 */
final class SipUri {
    /** What a host is; only a {@link #NAME} is a domain that can be routed by name. */
    enum HostKind { NAME, IPV4, IPV6 }

    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;
    /** Longer than any registered URI scheme that a SIP element would meet. */
    static final int MAX_SCHEME_LENGTH = 16;
    /** An IPv6 address has eight 16-bit groups. */
    private static final int IPV6_GROUPS = 8;

    /** {@code null} if the URI has no host. */
    HostKind hostKind;
    /** The host without IPv6 brackets or a trailing dot. */
    int hostStart;
    int hostEnd;
    /** -1 if the URI has no user part (or number). */
    int userStart = -1;
    int userEnd;
    /** -1 if the URI names no port. */
    int port = -1;
    /** -1 if the URI has no transport parameter. */
    int transportStart = -1;
    int transportEnd;

    /** Where the host part ended: the parse methods go on from there. */
    private int afterHost;

    boolean hasHost() {
        return hostKind != null;
    }

    boolean hasUser() {
        return userStart >= 0;
    }

    /** Whether this URI's host is spelt like {@code other}'s, ignoring case; both must have one. */
    boolean sameHost(ByteBuffer in, SipUri other) {
        return SipGrammar.same(in, hostStart, hostEnd, other.hostStart, other.hostEnd, true);
    }

    /**
     * @param from where the scheme starts
     * @return the index of the colon after a URI scheme ({@code ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")}) that starts
     *         at {@code from}, or -1 if there is none before {@code to}
     */
    static int schemeEnd(ByteBuffer in, int from, int to) {
        int i = from;
        while (i < to && i - from < MAX_SCHEME_LENGTH && isSchemeByte(in.get(i))) {
            i++;
        }
        return i > from && i < to && in.get(i) == ':' && Spans.isAlpha(in.get(from)) ? i : -1;
    }

    static boolean isSchemeByte(byte b) {
        return Spans.isAlpha(b) || Spans.isDigit(b) || b == '+' || b == '-' || b == '.';
    }

    /**
     * Reads a Request-URI, which must be a SIP, SIPS or tel URI.
     *
     * @return what is wrong with {@code in[from, to)}, or {@code null}
     */
    String parseRequestUri(ByteBuffer in, int from, int to) {
        return parse(in, from, to, false);
    }

    /**
     * Reads the value of a To or From header: {@code [display-name] <URI> *(;param)} or {@code URI *(;param)}, where
     * the URI may be of any scheme (RFC 3261 20.10, 20.20, 20.39).
     *
     * @param from the value's start, after leading whitespace
     * @param to   the value's end, before trailing whitespace
     * @return what is wrong, or {@code null}
     */
    String parseAddress(ByteBuffer in, int from, int to) {
        if (from == to) {
            return "empty value";
        }
        int i = from;
        if (in.get(i) == '"') {
            i = afterQuotedString(in, i, to);
            if (i < 0) {
                return "unterminated quoted display name";
            }
            i = SipGrammar.skip(in, i, to, WSP);
            if (i == to || in.get(i) != '<') {
                return "quoted display name without <URI>";
            }
        } else {
            // an unquoted display name is a run of tokens; its end is the '<', if there is one
            int open = SipGrammar.indexOf(in, i, to, (byte) '<');
            if (open >= 0) {
                i = open;
            }
        }
        int uriStart;
        int uriEnd;
        int afterUri;
        if (in.get(i) == '<') {
            uriStart = i + 1;
            uriEnd = SipGrammar.indexOf(in, uriStart, to, (byte) '>');
            if (uriEnd < 0) {
                return "unterminated <URI>";
            }
            afterUri = uriEnd + 1;
        } else {
            // without angle brackets the URI cannot hold ';' (RFC 3261 20.10): what follows it are header parameters
            uriStart = i;
            uriEnd = i;
            while (uriEnd < to && in.get(uriEnd) != ';' && !SipGrammar.is(in.get(uriEnd), WSP)) {
                uriEnd++;
            }
            afterUri = uriEnd;
        }
        afterUri = SipGrammar.skip(in, afterUri, to, WSP);
        if (afterUri < to && in.get(afterUri) != ';') {
            return "junk after the URI";
        }
        return parse(in, uriStart, uriEnd, true);
    }

    private String parse(ByteBuffer in, int from, int to, boolean anyScheme) {
        int colon = schemeEnd(in, from, to);
        if (colon < 0) {
            return "URI without a scheme";
        }
        if (Spans.equalsIgnoreCase(in, from, colon, "sip") || Spans.equalsIgnoreCase(in, from, colon, "sips")) {
            return parseSip(in, colon + 1, to);
        }
        if (Spans.equalsIgnoreCase(in, from, colon, "tel")) {
            return parseTel(in, colon + 1, to);
        }
        return anyScheme ? null : "URI scheme other than sip, sips or tel";
    }

    /** {@code [user [":" password] "@"] host [":" port] *(";" param) ["?" headers]}, after the scheme. */
    private String parseSip(ByteBuffer in, int from, int to) {
        int hostFrom = from;
        // neither host, port, parameters nor headers may hold '@', so the first one ends the userinfo
        int at = SipGrammar.indexOf(in, from, to, (byte) '@');
        if (at >= 0) {
            String userinfo = parseUserinfo(in, from, at);
            if (userinfo != null) {
                return userinfo;
            }
            hostFrom = at + 1;
        }
        String host = parseHost(in, hostFrom, to);
        if (host != null) {
            return host;
        }
        int i = afterHost;
        if (i < to && in.get(i) == ':') {
            i = parsePort(in, i + 1, to);
            if (i < 0) {
                return "invalid port";
            }
        }
        if (i < to && in.get(i) != ';' && in.get(i) != '?') {
            return "invalid character after the host";
        }
        return parseParameters(in, i, to);
    }

    private String parseUserinfo(ByteBuffer in, int from, int at) {
        int end = SipGrammar.skipEscaped(in, from, at, USER);
        if (end < at && in.get(end) != ':') {
            return "invalid character in the user part";
        }
        if (end == from) {
            return "empty user part";
        }
        if (end < at && SipGrammar.skipEscaped(in, end + 1, at, PASSWORD) != at) {
            return "invalid character in the password";
        }
        userStart = from;
        userEnd = end;
        return null;
    }

    private String parseHost(ByteBuffer in, int from, int to) {
        if (from < to && in.get(from) == '[') {
            int close = SipGrammar.indexOf(in, from + 1, to, (byte) ']');
            if (close < 0 || !isIpv6(in, from + 1, close)) {
                return "invalid IPv6 reference";
            }
            hostKind = HostKind.IPV6;
            hostStart = from + 1;
            hostEnd = close;
            afterHost = close + 1;
            return null;
        }
        int end = SipGrammar.skip(in, from, to, HOST_NAME);
        if (end == from) {
            return "empty host";
        }
        afterHost = end;
        hostStart = from;
        // a trailing dot names the same host (RFC 3261 hostname allows it)
        hostEnd = in.get(end - 1) == '.' ? end - 1 : end;
        int lastLabel = hostEnd;
        while (lastLabel > from && in.get(lastLabel - 1) != '.') {
            lastLabel--;
        }
        if (lastLabel < hostEnd && Spans.isDigit(in.get(lastLabel))) {
            // a host name's last label starts with a letter, so this must be an IPv4 address
            if (hostEnd < end || !isIpv4(in, from, end)) {
                return "invalid IPv4 address";
            }
            hostKind = HostKind.IPV4;
            return null;
        }
        hostKind = HostKind.NAME;
        return hostNameProblem(in, from, hostEnd);
    }

    private static String hostNameProblem(ByteBuffer in, int from, int to) {
        if (to - from > MAX_NAME_LENGTH) {
            return "host name longer than 253 characters";
        }
        int labelStart = from;
        for (int i = from; i <= to; i++) {
            if (i < to && in.get(i) != '.') {
                continue;
            }
            int length = i - labelStart;
            if (length == 0) {
                return "empty label in the host name";
            }
            if (length > MAX_LABEL_LENGTH) {
                return "host name label longer than 63 characters";
            }
            if (in.get(labelStart) == '-' || in.get(i - 1) == '-') {
                return "host name label starting or ending with '-'";
            }
            labelStart = i + 1;
        }
        return null;
    }

    /** @return the index after the port, or -1 unless 1 to 5 digits of a value from 1 to 65535 start at {@code from} */
    private int parsePort(ByteBuffer in, int from, int to) {
        int value = 0;
        int i = from;
        while (i < to && Spans.isDigit(in.get(i))) {
            if (i - from == 5) {
                return -1;
            }
            value = value * 10 + in.get(i) - '0';
            i++;
        }
        if (value < 1 || value > 65535) {
            return -1;
        }
        port = value;
        return i;
    }

    /** {@code *(";" pname ["=" pvalue])} up to the headers part; remembers {@code transport}. */
    private String parseParameters(ByteBuffer in, int from, int to) {
        int i = from;
        while (i < to && in.get(i) == ';') {
            int nameStart = i + 1;
            int nameEnd = SipGrammar.skipEscaped(in, nameStart, to, PARAM);
            if (nameEnd == nameStart) {
                return "empty URI parameter name";
            }
            int valueStart = nameEnd;
            int valueEnd = nameEnd;
            if (nameEnd < to && in.get(nameEnd) == '=') {
                valueStart = nameEnd + 1;
                valueEnd = SipGrammar.skipEscaped(in, valueStart, to, PARAM);
                if (valueEnd == valueStart) {
                    return "empty URI parameter value";
                }
            }
            if (Spans.equalsIgnoreCase(in, nameStart, nameEnd, "transport")) {
                if (transportStart >= 0) {
                    // two spellings of where to send: elements may disagree on which one counts
                    return "two transport parameters";
                }
                if (valueStart == nameEnd) {
                    return "transport parameter without a value";
                }
                transportStart = valueStart;
                transportEnd = valueEnd;
            }
            i = valueEnd;
        }
        return i == to || in.get(i) == '?' ? null : "invalid character in the URI parameters";
    }

    /** {@code ["+"] 1*phonedigit-hex *(";" param)}: the number is kept as the user part. */
    private String parseTel(ByteBuffer in, int from, int to) {
        int digits = from < to && in.get(from) == '+' ? from + 1 : from;
        int end = SipGrammar.skip(in, digits, to, PHONE);
        if (end == digits) {
            return "tel URI without a number";
        }
        userStart = from;
        userEnd = end;
        return parseParameters(in, end, to);
    }

    /** @return the index after the quoted string that opens at {@code from}, or -1 if it does not close before {@code to} */
    private static int afterQuotedString(ByteBuffer in, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            byte b = in.get(i);
            if (b == '\\') {
                i++; // quoted-pair: the next byte is taken as it is
            } else if (b == '"') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Four decimal octets of 1 to 3 digits, each at most 255, without leading zeros. */
    static boolean isIpv4(ByteBuffer in, int from, int to) {
        int octets = 0;
        int digits = 0;
        int value = 0;
        for (int i = from; i <= to; i++) {
            byte b = i < to ? in.get(i) : (byte) '.';
            if (b == '.') {
                if (digits == 0 || value > 255 || digits > 1 && in.get(i - digits) == '0') {
                    return false;
                }
                octets++;
                digits = 0;
                value = 0;
            } else if (Spans.isDigit(b) && digits < 3) {
                value = value * 10 + b - '0';
                digits++;
            } else {
                return false;
            }
        }
        return octets == 4;
    }

    /**
     * RFC 3261 IPv6address, read left to right: groups of 1 to 4 hex digits between colons, at most one {@code ::}
     * standing for one or more zero groups, optionally ending in an IPv4 address that fills two groups.
     */
    static boolean isIpv6(ByteBuffer in, int from, int to) {
        int groups = 0;
        int digits = 0;
        boolean compressed = false;
        for (int i = from; i < to; i++) {
            byte b = in.get(i);
            if (SipGrammar.isHexDigit(b)) {
                if (++digits > 4) {
                    return false;
                }
            } else if (b == ':') {
                if (digits > 0) {
                    groups++;
                    digits = 0;
                } else if (i > from && in.get(i - 1) == ':') {
                    if (compressed) {
                        return false;
                    }
                    compressed = true;
                } else if (i + 1 == to || in.get(i + 1) != ':') {
                    return false; // a single colon at the start
                }
            } else if (b == '.') {
                int tail = i - digits;
                boolean afterColon = tail > from && in.get(tail - 1) == ':';
                return afterColon && isIpv4(in, tail, to) && fits(groups + 2, compressed);
            } else {
                return false;
            }
        }
        if (digits > 0) {
            groups++;
        } else if (to - from < 2 || in.get(to - 2) != ':') {
            return false; // empty, or a single colon at the end
        }
        return fits(groups, compressed);
    }

    private static boolean fits(int groups, boolean compressed) {
        return compressed ? groups < IPV6_GROUPS : groups == IPV6_GROUPS;
    }
}
