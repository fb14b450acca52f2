package org.rp.sniffers.sip;

import static org.rp.sniffers.sip.SipGrammar.CR;
import static org.rp.sniffers.sip.SipGrammar.LF;
import static org.rp.sniffers.sip.SipGrammar.SP;
import static org.rp.sniffers.sip.SipGrammar.TOKEN;
import static org.rp.sniffers.sip.SipGrammar.VALUE;
import static org.rp.sniffers.sip.SipGrammar.VISIBLE;
import static org.rp.sniffers.sip.SipGrammar.WSP;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.rp.api.Facts;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;
import org.rp.sniffers.Spans;

/**
 * Reads one SIP request head (RFC 3261 7.1, 7.3) from {@code received[position, limit)} with absolute gets, in one
 * pass, and answers as soon as the bytes decide. One instance per call: the sniffer is stateless, so every call
 * starts again from the request line.
 * <p>
 * Which bytes are ours: a request line of a token method, a target and a {@code SIP/} version. A target in HTTP's
 * forms ({@code /}, {@code *}, {@code http(s):}) or a last word other than {@code SIP/} leaves the line to other
 * sniffers; the HTTP sniffer claims exactly the lines that end in {@code HTTP/}, so the two never both answer. Once
 * the version is seen every fault is a reject, a broken Request-URI too.
 * <p>
 * Checks that need one line run when its CRLF arrives; those that need the whole head (the mandatory To, From,
 * Call-ID, CSeq and Via) run at the empty line, so an answer never changes as more bytes arrive. Stricter than
 * RFC 3261 where elements are known to disagree: no folded lines, no bare LF or CR, no second To, From, Call-ID or
 * CSeq, no Content-Lengths that differ.
 */
final class RequestParser {
    /** A request line whose Request-URI has not ended within 8 KiB is no request a UA sends. */
    static final int MAX_REQUEST_URI_END = 8 * 1024;
    /** The whole head, request line to empty line; real first messages take a few hundred bytes to a few KiB. */
    static final int MAX_HEAD_BYTES = 16 * 1024;
    /** The largest body a first message may announce; SDP and XML bodies take a few KiB. */
    static final long MAX_CONTENT_LENGTH = 16L * 1024 * 1024;
    /** The longest registered method, SUBSCRIBE, has 9 characters; extension methods get room to spare. */
    private static final int MAX_METHOD_LENGTH = 32;
    /** The version's name, lower case: it is compared ignoring case. */
    private static final String VERSION_NAME = "sip/";
    /** {@code 2.0} and room for another version to be told apart from junk. */
    private static final int MAX_VERSION_LENGTH = 8;
    /** RFC 3261 8.1.1.5: a CSeq number is less than 2^31. */
    private static final long CSEQ_LIMIT = 1L << 31;
    /** Returned as shared constants instead of copying the method out of the buffer. */
    private static final String[] METHODS = {"REGISTER", "INVITE", "OPTIONS", "SUBSCRIBE", "MESSAGE", "NOTIFY",
            "PUBLISH", "REFER", "INFO", "UPDATE", "PRACK", "ACK", "BYE", "CANCEL"};
    /** The transports of RFC 3261 and RFC 7118, as a Request-URI's parameter writes them (lower case). */
    private static final String[] URI_TRANSPORTS = {"udp", "tcp", "tls", "sctp", "ws", "wss"};
    /** The same transports as a Via writes them (upper case). */
    private static final String[] VIA_TRANSPORTS = {"UDP", "TCP", "TLS", "SCTP", "WS", "WSS"};

    /** The header fields that decide or route; all others are only checked for syntax. */
    private enum Field { TO, FROM, CALL_ID, CSEQ, VIA, CONTENT_LENGTH }

    private final ByteBuffer in;
    private final int start;
    private final int limit;
    /** Where scanning stops: the limit, or where the head would exceed {@link #MAX_HEAD_BYTES}. */
    private final int end;

    private int methodEnd;
    private int uriStart;
    private int uriEnd;
    private int fieldsStart;
    /** Made once the line is known to be SIP, so that bytes of other protocols cost no more than the parser. */
    private SipUri requestUri;

    private SipUri to;
    private SipUri from;
    private boolean callId;
    private boolean cseq;
    private int viaTransportStart = -1;
    private int viaTransportEnd;
    private long contentLength = -1;

    RequestParser(ByteBuffer received) {
        this.in = received;
        this.start = received.position();
        this.limit = received.limit();
        this.end = (int) Math.min(limit, (long) start + MAX_HEAD_BYTES);
    }

    SniffResult parse() {
        SniffResult requestLine = parseRequestLine();
        return requestLine != null ? requestLine : parseFields();
    }

    /** @return the answer if the request line decides it, {@code null} if the header fields must be read */
    private SniffResult parseRequestLine() {
        int i = SipGrammar.skip(in, start, Math.min(limit, start + MAX_METHOD_LENGTH), TOKEN);
        if (i == limit) {
            return SniffResult.NEED_MORE;
        }
        // a method is a token: TLS (0x16), TPKT (0x03) and LDAP (0x30 and a length byte) go at once
        if (i == start || in.get(i) != SP) {
            return SniffResult.NOT_MINE;
        }
        methodEnd = i;
        uriStart = i + 1;
        SniffResult target = readRequestUri();
        if (target != null) {
            return target;
        }
        SniffResult version = readVersion(uriEnd + 1);
        if (version != null) {
            return version;
        }
        requestUri = new SipUri();
        String problem = requestUri.parseRequestUri(in, uriStart, uriEnd);
        return problem == null ? null : malformed("Request-URI: " + problem);
    }

    /** Reads up to the space after the Request-URI; claims nothing yet, since only the version tells SIP from HTTP. */
    private SniffResult readRequestUri() {
        int i = uriStart;
        if (i == limit) {
            return SniffResult.NEED_MORE;
        }
        byte first = in.get(i);
        if (first == '/' || first == '*') {
            return SniffResult.NOT_MINE; // HTTP's origin- and asterisk-form; SIP's Request-URI is absolute
        }
        while (i < limit && i - uriStart < SipUri.MAX_SCHEME_LENGTH && SipUri.isSchemeByte(in.get(i))) {
            i++;
        }
        if (i == limit) {
            return SniffResult.NEED_MORE;
        }
        boolean schemed = i > uriStart && in.get(i) == ':';
        if (schemed && (Spans.equalsIgnoreCase(in, uriStart, i, "http")
                || Spans.equalsIgnoreCase(in, uriStart, i, "https"))) {
            return SniffResult.NOT_MINE; // HTTP's absolute-form
        }
        // only a SIP-looking target is worth an oversize reject; anything else long is left to other sniffers
        boolean sipScheme = schemed && (Spans.equalsIgnoreCase(in, uriStart, i, "sip")
                || Spans.equalsIgnoreCase(in, uriStart, i, "sips")
                || Spans.equalsIgnoreCase(in, uriStart, i, "tel"));
        int bound = Math.min(limit, start + MAX_REQUEST_URI_END);
        i = SipGrammar.skip(in, i, bound, VISIBLE);
        if (i == bound) {
            if (i - start < MAX_REQUEST_URI_END) {
                return SniffResult.NEED_MORE;
            }
            return sipScheme ? oversize("Request-URI does not end within 8 KiB") : SniffResult.NOT_MINE;
        }
        if (in.get(i) != SP) {
            return SniffResult.NOT_MINE; // a line end, a control or a binary byte: no SIP request line
        }
        uriEnd = i;
        return null;
    }

    /** From {@code SIP/} on the line is ours: the version must be 2.0 (case-insensitive, RFC 3261 7.1), then CRLF. */
    private SniffResult readVersion(int from) {
        int i = from;
        for (int k = 0; k < VERSION_NAME.length(); k++, i++) {
            if (i == limit) {
                return SniffResult.NEED_MORE;
            }
            if (Spans.toLower(in.get(i)) != VERSION_NAME.charAt(k)) {
                return SniffResult.NOT_MINE;
            }
        }
        int versionStart = i;
        while (true) {
            if (i == limit) {
                return SniffResult.NEED_MORE;
            }
            byte b = in.get(i);
            if (b == CR || b == LF) {
                break;
            }
            if (!Spans.isDigit(b) && b != '.' || i - versionStart == MAX_VERSION_LENGTH) {
                return malformed("invalid SIP version");
            }
            i++;
        }
        if (!Spans.equals(in, versionStart, i, "2.0")) {
            return isDottedNumber(versionStart, i)
                    ? SniffResult.reject(RejectReason.UNSUPPORTED_VERSION, "SIP version other than 2.0")
                    : malformed("invalid SIP version");
        }
        SniffResult lineEnd = checkLineEnd(i);
        if (lineEnd != null) {
            return lineEnd;
        }
        fieldsStart = i + 2;
        return null;
    }

    /** {@code 1*DIGIT "." 1*DIGIT}, given bytes that are all digits or dots. */
    private boolean isDottedNumber(int from, int to) {
        int dot = SipGrammar.indexOf(in, from, to, (byte) '.');
        return dot > from && dot < to - 1 && SipGrammar.indexOf(in, dot + 1, to, (byte) '.') < 0;
    }

    /**
     * @param i where a line ends: the index of a CR or LF
     * @return {@code null} if a CRLF is at {@code i}, else need-more or the reject for a bare CR or LF
     */
    private SniffResult checkLineEnd(int i) {
        // RFC 3261 7 ends every line with CRLF; an element that also ends lines at LF reads other headers than we do
        if (in.get(i) == LF) {
            return malformed("bare LF line ending");
        }
        if (i + 1 == end) {
            return moreOrOversize();
        }
        return in.get(i + 1) == LF ? null : malformed("bare CR");
    }

    /** The answer when scanning reaches {@link #end}: need-more, unless the head already exceeds its limit. */
    private SniffResult moreOrOversize() {
        return end - start == MAX_HEAD_BYTES ? oversize("head longer than 16384 bytes") : SniffResult.NEED_MORE;
    }

    private SniffResult parseFields() {
        int i = fieldsStart;
        while (true) {
            if (i == end) {
                return moreOrOversize();
            }
            byte b = in.get(i);
            if (b == CR || b == LF) {
                SniffResult lineEnd = checkLineEnd(i);
                return lineEnd != null ? lineEnd : endOfHead();
            }
            if (SipGrammar.is(b, WSP)) {
                // RFC 3261 7.3.1 allows folding, but elements that do not unfold would see another header
                return malformed(i == fieldsStart ? "whitespace before the first header field"
                        : "folded header line (line starting with whitespace)");
            }
            int nameStart = i;
            int nameEnd = SipGrammar.skip(in, i, end, TOKEN);
            // HCOLON: whitespace may stand before the colon (RFC 3261 25.1)
            i = SipGrammar.skip(in, nameEnd, end, WSP);
            if (i == end) {
                return moreOrOversize();
            }
            b = in.get(i);
            if (b != ':') {
                return malformed(b == CR || b == LF ? "header line without colon" : "invalid character in header name");
            }
            if (nameEnd == nameStart) {
                return malformed("empty header name");
            }
            int valueStart = SipGrammar.skip(in, i + 1, end, WSP);
            i = SipGrammar.skip(in, valueStart, end, VALUE | WSP);
            if (i == end) {
                return moreOrOversize();
            }
            b = in.get(i);
            if (b != CR && b != LF) {
                return malformed(b == 0 ? "NUL in header value" : "control character in header value");
            }
            SniffResult lineEnd = checkLineEnd(i);
            if (lineEnd != null) {
                return lineEnd;
            }
            Field field = field(nameStart, nameEnd);
            if (field != null) {
                SniffResult answer = onField(field, valueStart, SipGrammar.trimEnd(in, valueStart, i));
                if (answer != null) {
                    return answer;
                }
            }
            i += 2;
        }
    }

    /** Names are compared in place, case-insensitively, long and compact forms (RFC 3261 7.3.3). */
    private Field field(int nameStart, int nameEnd) {
        switch (nameEnd - nameStart) {
            case 1:
                switch (Spans.toLower(in.get(nameStart))) {
                    case 't':
                        return Field.TO;
                    case 'f':
                        return Field.FROM;
                    case 'i':
                        return Field.CALL_ID;
                    case 'v':
                        return Field.VIA;
                    case 'l':
                        return Field.CONTENT_LENGTH;
                    default:
                        return null;
                }
            case 2:
                return Spans.equalsIgnoreCase(in, nameStart, nameEnd, "to") ? Field.TO : null;
            case 3:
                return Spans.equalsIgnoreCase(in, nameStart, nameEnd, "via") ? Field.VIA : null;
            case 4:
                return Spans.equalsIgnoreCase(in, nameStart, nameEnd, "from") ? Field.FROM
                        : Spans.equalsIgnoreCase(in, nameStart, nameEnd, "cseq") ? Field.CSEQ : null;
            case 7:
                return Spans.equalsIgnoreCase(in, nameStart, nameEnd, "call-id") ? Field.CALL_ID : null;
            case 14:
                return Spans.equalsIgnoreCase(in, nameStart, nameEnd, "content-length")
                        ? Field.CONTENT_LENGTH : null;
            default:
                return null;
        }
    }

    private SniffResult onField(Field field, int valueStart, int valueEnd) {
        switch (field) {
            case TO:
                if (to != null) {
                    return malformed("two To headers"); // the To host may be the routing key
                }
                to = new SipUri();
                return address(to, "To", valueStart, valueEnd);
            case FROM:
                if (from != null) {
                    return malformed("two From headers");
                }
                from = new SipUri();
                return address(from, "From", valueStart, valueEnd);
            case CALL_ID:
                return onCallId(valueStart, valueEnd);
            case CSEQ:
                return onCSeq(valueStart, valueEnd);
            case VIA:
                return onVia(valueStart, valueEnd);
            default: // CONTENT_LENGTH
                return onContentLength(valueStart, valueEnd);
        }
    }

    private SniffResult address(SipUri uri, String header, int valueStart, int valueEnd) {
        String problem = uri.parseAddress(in, valueStart, valueEnd);
        return problem == null ? null : malformed(header + " header: " + problem);
    }

    private SniffResult onCallId(int valueStart, int valueEnd) {
        if (callId) {
            return malformed("two Call-ID headers");
        }
        callId = true;
        if (valueStart == valueEnd) {
            return malformed("empty Call-ID");
        }
        return SipGrammar.skip(in, valueStart, valueEnd, VALUE) == valueEnd ? null
                : malformed("whitespace in Call-ID");
    }

    /** {@code 1*DIGIT LWS Method}, the method being the request's own (RFC 3261 8.1.1.5). */
    private SniffResult onCSeq(int valueStart, int valueEnd) {
        if (cseq) {
            return malformed("two CSeq headers");
        }
        cseq = true;
        long number = 0;
        int i = valueStart;
        while (i < valueEnd && Spans.isDigit(in.get(i)) && number < CSEQ_LIMIT) {
            number = number * 10 + in.get(i) - '0';
            i++;
        }
        if (i == valueStart || number >= CSEQ_LIMIT || i == valueEnd || !SipGrammar.is(in.get(i), WSP)) {
            return malformed("CSeq is not a number below 2^31 and a method");
        }
        int methodStart = SipGrammar.skip(in, i, valueEnd, WSP);
        return SipGrammar.same(in, methodStart, valueEnd, start, methodEnd, false) ? null
                : malformed("CSeq method differs from the request method");
    }

    /**
     * Only the first Via counts (it is the client's own hop): {@code SIP / 2.0 / transport LWS sent-by}, slashes with
     * optional whitespace around them. Its sent-by is not checked: proxies write long synthetic ones.
     */
    private SniffResult onVia(int valueStart, int valueEnd) {
        if (viaTransportStart >= 0) {
            return null;
        }
        int protocolEnd = SipGrammar.skip(in, valueStart, valueEnd, TOKEN);
        int versionStart = afterSlash(protocolEnd, valueEnd);
        int versionEnd = versionStart < 0 ? -1 : SipGrammar.skip(in, versionStart, valueEnd, TOKEN);
        int transportStart = versionEnd < 0 ? -1 : afterSlash(versionEnd, valueEnd);
        if (transportStart < 0 || !Spans.equalsIgnoreCase(in, valueStart, protocolEnd, "sip")
                || !Spans.equals(in, versionStart, versionEnd, "2.0")) {
            return malformed("first Via does not start with SIP/2.0/");
        }
        int transportEnd = SipGrammar.skip(in, transportStart, valueEnd, TOKEN);
        int sentBy = SipGrammar.skip(in, transportEnd, valueEnd, WSP);
        if (transportEnd == transportStart || sentBy == transportEnd || sentBy == valueEnd) {
            return malformed("first Via has no transport and sent-by");
        }
        viaTransportStart = transportStart;
        viaTransportEnd = transportEnd;
        return null;
    }

    /** @return the index after {@code SWS "/" SWS} at {@code from}, or -1 if there is no slash */
    private int afterSlash(int from, int to) {
        int i = SipGrammar.skip(in, from, to, WSP);
        return i < to && in.get(i) == '/' ? SipGrammar.skip(in, i + 1, to, WSP) : -1;
    }

    private SniffResult onContentLength(int valueStart, int valueEnd) {
        if (valueStart == valueEnd) {
            return malformed("empty Content-Length");
        }
        long value = 0;
        for (int i = valueStart; i < valueEnd; i++) {
            byte b = in.get(i);
            if (!Spans.isDigit(b)) {
                return malformed("Content-Length is not a number");
            }
            // saturates just above the limit, so that any number of digits is read without overflow
            value = Math.min(value * 10 + b - '0', MAX_CONTENT_LENGTH + 1);
        }
        if (value > MAX_CONTENT_LENGTH) {
            return oversize("Content-Length over 16 MiB");
        }
        if (contentLength >= 0 && contentLength != value) {
            // elements that take the first and those that take the last would frame the stream differently
            return malformed("two Content-Length headers that differ");
        }
        contentLength = value;
        return null;
    }

    private SniffResult endOfHead() {
        String missing = to == null ? "To" : from == null ? "From" : !callId ? "Call-ID" : !cseq ? "CSeq"
                : viaTransportStart < 0 ? "Via" : null;
        if (missing != null) {
            return malformed("missing " + missing + " header");
        }
        String ruriHost = host(requestUri, null, null);
        String toHost = host(to, requestUri, ruriHost);
        // a UA that knows only the server's address still names the domain in To (RFC 3261 8.1.1.2)
        String routingKey = requestUri.hostKind != SipUri.HostKind.NAME && to.hostKind == SipUri.HostKind.NAME
                ? toHost : ruriHost;
        return SniffResult.match(Facts.builder(Protocol.SIP)
                .host(routingKey)
                .sipDomain(routingKey)
                .attribute("sip.method", method())
                .attribute("sip.ruri.host", ruriHost)
                .attribute("sip.ruri.user", user(requestUri))
                .attribute("sip.ruri.port", requestUri.port < 0 ? null : Integer.toString(requestUri.port))
                .attribute("sip.ruri.transport", requestUri.transportStart < 0 ? null
                        : transport(requestUri.transportStart, requestUri.transportEnd, false))
                .attribute("sip.to.host", toHost)
                .attribute("sip.from.host", host(from, to, toHost))
                .attribute("sip.from.user", user(from))
                .attribute("sip.via.transport", transport(viaTransportStart, viaTransportEnd, true))
                .attribute("sip.content_length", contentLength < 0 ? null : Long.toString(contentLength))
                .build());
    }

    /**
     * @param known     a URI whose host text is already made, or {@code null}
     * @param knownHost that text, or {@code null}
     * @return the URI's host in lower case, the same String as {@code knownHost} if it is spelt alike; {@code null}
     *         if the URI has no host
     */
    private String host(SipUri uri, SipUri known, String knownHost) {
        if (!uri.hasHost()) {
            return null;
        }
        if (knownHost != null && uri.sameHost(in, known)) {
            return knownHost;
        }
        // host names and IPv6 literals are ASCII, so the root locale lowers them exactly
        return Spans.text(in, uri.hostStart, uri.hostEnd).toLowerCase(Locale.ROOT);
    }

    /** The user part as sent, escapes and all. */
    private String user(SipUri uri) {
        return uri.hasUser() ? Spans.text(in, uri.userStart, uri.userEnd) : null;
    }

    /** @return the transport in the case its header writes it: a shared constant for the known ones */
    private String transport(int from, int to, boolean inVia) {
        for (int k = 0; k < URI_TRANSPORTS.length; k++) {
            if (Spans.equalsIgnoreCase(in, from, to, URI_TRANSPORTS[k])) {
                return inVia ? VIA_TRANSPORTS[k] : URI_TRANSPORTS[k];
            }
        }
        String sent = Spans.text(in, from, to);
        return inVia ? sent.toUpperCase(Locale.ROOT) : sent.toLowerCase(Locale.ROOT);
    }

    private String method() {
        return Spans.knownOrText(in, start, methodEnd, METHODS);
    }

    private static SniffResult malformed(String detail) {
        return SniffResult.reject(RejectReason.MALFORMED, detail);
    }

    private static SniffResult oversize(String detail) {
        return SniffResult.reject(RejectReason.OVERSIZE, detail);
    }
}
