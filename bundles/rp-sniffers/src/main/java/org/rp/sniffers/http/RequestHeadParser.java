package org.rp.sniffers.http;

import static org.rp.sniffers.http.Ascii.CR;
import static org.rp.sniffers.http.Ascii.LF;
import static org.rp.sniffers.http.Ascii.SP;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.rp.api.Facts;
import org.rp.api.HttpHead;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;
import org.rp.sniffers.Spans;

/**
 * Reads one HTTP/1.x request head (RFC 9112 2-6) from {@code received[position, limit)} with absolute gets, in one
 * pass, and answers as soon as the bytes decide. One instance per call: the sniffer is stateless, so every call
 * starts again from the request line.
 * <p>
 * Which bytes are ours: a request line starting with a letter, a method of token characters and then an
 * origin-form ({@code /}), asterisk-form or {@code http(s)://} target is HTTP, and every later fault is a reject.
 * Any other target (SIP's {@code sip:}, a PROXY protocol line, CONNECT's authority-form) makes the line HTTP only if
 * its last word is an {@code HTTP/} version; otherwise it belongs to another sniffer.
 * <p>
 * Checks that need only one line run when that line's CRLF arrives; those that need the whole head (Host required,
 * absolute-form host against Host) run at the empty line. So an answer never changes as more bytes arrive.
 */
final class RequestHeadParser {
    /** More fields than any real client sends (curl 3-5, browsers 10-20); bounds the work an attacker can ask for. */
    static final int MAX_FIELDS = 100;
    /** The longest registered method, UPDATEREDIRECTREF, has 17 characters. */
    private static final int MAX_METHOD_LENGTH = 24;
    /** Returned as shared constants instead of copying the method out of the buffer. */
    private static final String[] COMMON_METHODS = {"GET", "POST", "PUT", "HEAD", "DELETE", "OPTIONS", "PATCH"};
    private static final String VERSION_PREFIX = "HTTP/1.";

    private enum TargetForm { ORIGIN, ABSOLUTE, ASTERISK }

    private final ByteBuffer in;
    private final int start;
    private final int limit;

    private int methodEnd;
    private int targetStart;
    private int targetEnd;
    private TargetForm form;
    private int authorityStart;
    private int authorityEnd;
    private PathNormaliser path;
    private int minorVersion;
    private int fieldsStart;

    private int hostStart = -1;
    private int hostEnd;
    private long contentLength = -1;
    private boolean chunked;
    private boolean upgradeToWebSocket;
    private boolean connectionUpgrade;
    private boolean connectionClose;
    private boolean connectionKeepAlive;

    RequestHeadParser(ByteBuffer received) {
        this.in = received;
        this.start = received.position();
        this.limit = received.limit();
    }

    SniffResult parse() {
        SniffResult requestLine = parseRequestLine();
        return requestLine != null ? requestLine : parseFields();
    }

    /** @return the answer if the request line decides it, {@code null} if the fields must be read */
    private SniffResult parseRequestLine() {
        int i = start;
        if (i == limit) {
            return SniffResult.NEED_MORE;
        }
        // every registered method starts with a letter; this lets LDAP's 0x30 ("0") go at once
        if (!Spans.isAlpha(in.get(i))) {
            return SniffResult.NOT_MINE;
        }
        while (true) {
            if (i == limit) {
                return SniffResult.NEED_MORE;
            }
            byte b = in.get(i);
            if (b == SP) {
                break;
            }
            if (!Ascii.isTchar(b) || i - start == MAX_METHOD_LENGTH) {
                return SniffResult.NOT_MINE;
            }
            i++;
        }
        methodEnd = i;
        targetStart = i + 1;
        if (targetStart == limit) {
            return SniffResult.NEED_MORE;
        }
        byte first = in.get(targetStart);
        if (first == '/') {
            form = TargetForm.ORIGIN;
        } else if (first == '*') {
            form = TargetForm.ASTERISK;
        } else {
            int http = prefixIgnoreCase(targetStart, "http://");
            int https = prefixIgnoreCase(targetStart, "https://");
            if (http == 0 || https == 0) {
                return SniffResult.NEED_MORE;
            }
            if (http < 0 && https < 0) {
                return readLineOfAnotherForm();
            }
            form = TargetForm.ABSOLUTE;
            authorityStart = http > 0 ? http : https;
        }
        SniffResult method = checkMethod();
        return method != null ? method : readTargetAndVersion();
    }

    /**
     * @return the index after {@code lowerCasePrefix} if the bytes at {@code from} start with it (never 0: the
     *         method comes first), 0 if the bytes so far agree but end early, -1 if they differ
     */
    private int prefixIgnoreCase(int from, String lowerCasePrefix) {
        for (int k = 0; k < lowerCasePrefix.length(); k++) {
            if (from + k == limit) {
                return 0;
            }
            if (Spans.toLower(in.get(from + k)) != lowerCasePrefix.charAt(k)) {
                return -1;
            }
        }
        return from + lowerCasePrefix.length();
    }

    private SniffResult checkMethod() {
        if (Spans.equals(in, start, methodEnd, "CONNECT")) {
            return malformed("CONNECT is not supported (not a forward proxy)");
        }
        for (int i = start; i < methodEnd; i++) {
            // methods are case-sensitive (RFC 9110 9.1): "get" is not GET, and servers that fold case disagree
            // with filters that do not
            if (Ascii.isLower(in.get(i))) {
                return malformed("lower-case letters in method");
            }
        }
        return null;
    }

    /**
     * The target is not one HTTP serves: read to the end of the line, then claim it only if it ends in an HTTP
     * version (CONNECT, a missing or spaced target); SIP and PROXY protocol lines go to their sniffers.
     */
    private SniffResult readLineOfAnotherForm() {
        int lastWordStart = targetStart;
        for (int i = targetStart; ; i++) {
            if (i == limit) {
                return SniffResult.NEED_MORE;
            }
            byte b = in.get(i);
            if (b == CR || b == LF) {
                if (!Spans.startsWith(in, lastWordStart, i, "HTTP/")) {
                    return SniffResult.NOT_MINE;
                }
                if (Spans.equals(in, start, methodEnd, "CONNECT")) {
                    return malformed("CONNECT is not supported (not a forward proxy)");
                }
                return malformed(lastWordStart == targetStart || in.get(targetStart) == SP
                        ? "request line is not 'method SP target SP version'"
                        : "request target is not origin-form, absolute-form or *");
            }
            if (b == SP) {
                lastWordStart = i + 1;
            } else if (!Ascii.isVisible(b)) {
                return SniffResult.NOT_MINE;
            }
        }
    }

    private SniffResult readTargetAndVersion() {
        int i = Ascii.skip(in, targetStart, limit, Ascii.TARGET);
        if (i == limit) {
            return SniffResult.NEED_MORE;
        }
        byte b = in.get(i);
        if (b != SP) {
            return malformed(b == CR || b == LF ? "request line without HTTP version (HTTP/0.9)"
                    : b == '#' ? "fragment in request target"
                    : b < 0 ? "non-ASCII byte in request target"
                    : "control character in request target");
        }
        targetEnd = i;
        SniffResult target = checkTarget();
        if (target != null) {
            return target;
        }
        i++;
        for (int k = 0; k < VERSION_PREFIX.length(); k++, i++) {
            if (i == limit) {
                return SniffResult.NEED_MORE;
            }
            if (in.get(i) != VERSION_PREFIX.charAt(k)) {
                return malformed(k < "HTTP/".length() ? "no HTTP version after the request target"
                        : "unsupported HTTP version");
            }
        }
        if (i == limit) {
            return SniffResult.NEED_MORE;
        }
        byte minor = in.get(i++);
        if (minor != '0' && minor != '1') {
            return malformed("unsupported HTTP version");
        }
        minorVersion = minor - '0';
        if (i == limit) {
            return SniffResult.NEED_MORE;
        }
        byte afterVersion = in.get(i);
        if (afterVersion != CR && afterVersion != LF) {
            return malformed(Spans.isDigit(afterVersion) ? "unsupported HTTP version" : "junk after HTTP version");
        }
        SniffResult lineEnd = checkLineEnd(i);
        if (lineEnd != null) {
            return lineEnd;
        }
        fieldsStart = i + 2;
        return null;
    }

    /**
     * @param i where a line ends: the index of a CR or LF
     * @return {@code null} if a CRLF is at {@code i}, else need-more or the reject for a bare CR or LF
     */
    private SniffResult checkLineEnd(int i) {
        if (in.get(i) == LF) {
            return malformed("bare LF line ending");
        }
        if (i + 1 == limit) {
            return SniffResult.NEED_MORE;
        }
        return in.get(i + 1) == LF ? null : malformed("bare CR");
    }

    private SniffResult checkTarget() {
        if (form == TargetForm.ASTERISK) {
            if (targetEnd - targetStart != 1) {
                return malformed("request target starting with * is not asterisk-form");
            }
            if (Spans.equals(in, start, methodEnd, "PRI")) {
                return malformed("HTTP/2 connection preface (h2c with prior knowledge is not supported)");
            }
            return Spans.equals(in, start, methodEnd, "OPTIONS") ? null
                    : malformed("asterisk-form target with a method other than OPTIONS");
        }
        int pathStart = targetStart;
        if (form == TargetForm.ABSOLUTE) {
            authorityEnd = authorityStart;
            while (authorityEnd < targetEnd && in.get(authorityEnd) != '/' && in.get(authorityEnd) != '?') {
                authorityEnd++;
            }
            String authority = HostSyntax.problem(in, authorityStart, authorityEnd);
            if (authority != null) {
                return malformed(authority + " of absolute-form target");
            }
            pathStart = authorityEnd;
        }
        int pathEnd = pathStart;
        while (pathEnd < targetEnd && in.get(pathEnd) != '?') {
            pathEnd++;
        }
        path = new PathNormaliser(pathEnd - pathStart);
        String pathProblem = path.normalise(in, pathStart, pathEnd);
        return pathProblem == null ? null : malformed(pathProblem);
    }

    private SniffResult parseFields() {
        int fields = 0;
        int i = fieldsStart;
        while (true) {
            if (i == limit) {
                return SniffResult.NEED_MORE;
            }
            byte b = in.get(i);
            if (b == CR || b == LF) {
                SniffResult lineEnd = checkLineEnd(i);
                return lineEnd != null ? lineEnd : endOfHead(i + 2);
            }
            if (Ascii.isOws(b)) {
                return malformed(fields == 0 ? "whitespace before the first header field"
                        : "obs-fold (header line starting with whitespace)");
            }
            int nameStart = i;
            i = Ascii.skip(in, i, limit, Ascii.TCHAR);
            if (i == limit) {
                return SniffResult.NEED_MORE;
            }
            b = in.get(i);
            if (b != ':') {
                return malformed(Ascii.isOws(b) ? "whitespace between field name and colon"
                        : b == CR || b == LF ? "header line without colon"
                        : "invalid character in field name");
            }
            if (i == nameStart) {
                return malformed("empty field name");
            }
            int nameEnd = i;
            i = Ascii.skip(in, i + 1, limit, Ascii.OWS);
            int valueStart = i;
            int valueEnd = i;
            while (true) {
                if (i == limit) {
                    return SniffResult.NEED_MORE;
                }
                b = in.get(i);
                if (Ascii.isFieldContent(b)) {
                    valueEnd = ++i;
                } else if (Ascii.isOws(b)) {
                    i++;
                } else {
                    break;
                }
            }
            if (b != CR && b != LF) {
                return malformed(b == 0 ? "NUL in field value" : "control character in field value");
            }
            SniffResult lineEnd = checkLineEnd(i);
            if (lineEnd != null) {
                return lineEnd;
            }
            i += 2;
            if (++fields > MAX_FIELDS) {
                return malformed("too many header fields");
            }
            SniffResult field = onField(nameStart, nameEnd, valueStart, valueEnd);
            if (field != null) {
                return field;
            }
        }
    }

    /** Field names are compared in place, case-insensitively; only the fields that frame or route are looked at. */
    private SniffResult onField(int nameStart, int nameEnd, int valueStart, int valueEnd) {
        switch (nameEnd - nameStart) {
            case 4:
                return Spans.equalsIgnoreCase(in, nameStart, nameEnd, "host") ? onHost(valueStart, valueEnd) : null;
            case 7:
                if (Spans.equalsIgnoreCase(in, nameStart, nameEnd, "upgrade")) {
                    upgradeToWebSocket |= Ascii.listContainsToken(in, valueStart, valueEnd, "websocket");
                }
                return null;
            case 10:
                if (Spans.equalsIgnoreCase(in, nameStart, nameEnd, "connection")) {
                    connectionUpgrade |= Ascii.listContainsToken(in, valueStart, valueEnd, "upgrade");
                    connectionClose |= Ascii.listContainsToken(in, valueStart, valueEnd, "close");
                    connectionKeepAlive |= Ascii.listContainsToken(in, valueStart, valueEnd, "keep-alive");
                }
                return null;
            case 14:
                return Spans.equalsIgnoreCase(in, nameStart, nameEnd, "content-length")
                        ? onContentLength(valueStart, valueEnd) : null;
            case 17:
                return Spans.equalsIgnoreCase(in, nameStart, nameEnd, "transfer-encoding")
                        ? onTransferEncoding(valueStart, valueEnd) : null;
            default:
                return null;
        }
    }

    private SniffResult onHost(int valueStart, int valueEnd) {
        if (hostStart >= 0) {
            // even identical copies: proxies and servers disagree on which one counts (RFC 9112 3.2)
            return malformed("two Host headers");
        }
        hostStart = valueStart;
        hostEnd = valueEnd;
        if (valueStart == valueEnd) {
            // HTTP/1.0 clients may send it empty when they know no name
            return minorVersion == 0 ? null : malformed("empty Host header");
        }
        String problem = HostSyntax.problem(in, valueStart, valueEnd);
        return problem == null ? null : malformed(problem + " header");
    }

    private SniffResult onContentLength(int valueStart, int valueEnd) {
        if (contentLength >= 0) {
            // even identical copies (RFC 9112 6.3 allows merging them): one framing, one spelling
            return malformed("two Content-Length headers");
        }
        if (chunked) {
            return malformed("Content-Length with Transfer-Encoding");
        }
        if (valueStart == valueEnd) {
            return malformed("empty Content-Length");
        }
        long value = 0;
        for (int i = valueStart; i < valueEnd; i++) {
            byte b = in.get(i);
            if (!Spans.isDigit(b)) {
                return malformed("Content-Length is not a number");
            }
            int digit = b - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return malformed("Content-Length too large");
            }
            value = value * 10 + digit;
        }
        contentLength = value;
        return null;
    }

    private SniffResult onTransferEncoding(int valueStart, int valueEnd) {
        if (minorVersion == 0) {
            // HTTP/1.0 has no chunked coding, so the two ends would frame the body differently (RFC 9112 6.1)
            return malformed("Transfer-Encoding in an HTTP/1.0 request");
        }
        if (chunked) {
            return malformed("two Transfer-Encoding headers");
        }
        if (contentLength >= 0) {
            return malformed("Content-Length with Transfer-Encoding");
        }
        if (!Spans.equalsIgnoreCase(in, valueStart, valueEnd, "chunked")) {
            return malformed("Transfer-Encoding other than chunked");
        }
        chunked = true;
        return null;
    }

    private SniffResult endOfHead(int headEnd) {
        boolean hasHost = hostStart >= 0 && hostStart < hostEnd;
        if (hostStart < 0 && minorVersion == 1) {
            return malformed("missing Host header");
        }
        if (hasHost && form == TargetForm.ABSOLUTE && !sameHostName()) {
            return malformed("absolute-form host differs from Host header");
        }
        String host = null;
        if (hasHost) {
            host = lowerCaseHostName(hostStart, hostEnd);
        } else if (form == TargetForm.ABSOLUTE) {
            host = lowerCaseHostName(authorityStart, authorityEnd);
        }
        HttpHead head = new HttpHead(method(), Spans.text(in, targetStart, targetEnd), minorVersion, headEnd - start,
                contentLength, chunked, upgradeToWebSocket && connectionUpgrade,
                connectionClose || (minorVersion == 0 && !connectionKeepAlive));
        return SniffResult.match(Facts.builder(Protocol.HTTP)
                .host(host)
                .path(form == TargetForm.ASTERISK ? "*" : path.path())
                .http(head)
                .build());
    }

    private boolean sameHostName() {
        int a = HostSyntax.nameStart(in, hostStart);
        int aEnd = HostSyntax.nameEnd(in, hostStart, hostEnd);
        int b = HostSyntax.nameStart(in, authorityStart);
        int bEnd = HostSyntax.nameEnd(in, authorityStart, authorityEnd);
        if (aEnd - a != bEnd - b) {
            return false;
        }
        for (; a < aEnd; a++, b++) {
            if (Spans.toLower(in.get(a)) != Spans.toLower(in.get(b))) {
                return false;
            }
        }
        return true;
    }

    private String lowerCaseHostName(int from, int to) {
        int nameStart = HostSyntax.nameStart(in, from);
        byte[] name = new byte[HostSyntax.nameEnd(in, from, to) - nameStart];
        for (int i = 0; i < name.length; i++) {
            name[i] = Spans.toLower(in.get(nameStart + i));
        }
        return new String(name, StandardCharsets.ISO_8859_1);
    }

    private String method() {
        return Spans.knownOrText(in, start, methodEnd, COMMON_METHODS);
    }

    private static SniffResult malformed(String detail) {
        return SniffResult.reject(RejectReason.MALFORMED, detail);
    }
}
