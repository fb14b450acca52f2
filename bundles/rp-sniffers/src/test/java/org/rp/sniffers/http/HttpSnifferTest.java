package org.rp.sniffers.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;

import org.junit.Test;
import org.rp.api.Facts;
import org.rp.api.HttpHead;
import org.rp.api.Protocol;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.SniffResult.Kind;
import org.rp.sniffers.Sniffing;

/**
 * Hand-written request heads: hostile ones (each must be rejected, whole or arriving byte by byte), the edges of
 * what is accepted, and bytes that belong to other sniffers. Every head goes through {@link Sniffing#consistently}.
 */
public class HttpSnifferTest {
    private static final Sniffing SNIFFING = new Sniffing(new HttpSniffer());

    // ---- request line ----

    @Test
    public void rejectsHttp09() {
        assertMalformed("request line without HTTP version (HTTP/0.9)", "GET /index.html\r\n");
    }

    @Test
    public void rejectsHttp2Version() {
        assertMalformed("unsupported HTTP version", "GET / HTTP/2.0\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsHttp12() {
        assertMalformed("unsupported HTTP version", "GET / HTTP/1.2\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsTwoDigitMinorVersion() {
        assertMalformed("unsupported HTTP version", "GET / HTTP/1.10\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsLowerCaseVersionName() {
        assertMalformed("no HTTP version after the request target", "GET / http/1.1\r\nHost: a.example\r\n\r\n");
    }

    /** Policy: h2c with prior knowledge is not served; the preface is HTTP, so it is rejected, not left to others. */
    @Test
    public void rejectsHttp2Preface() {
        assertMalformed("HTTP/2 connection preface (h2c with prior knowledge is not supported)",
                "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    }

    @Test
    public void rejectsConnect() {
        assertMalformed("CONNECT is not supported (not a forward proxy)",
                "CONNECT pbx.example.com:443 HTTP/1.1\r\nHost: pbx.example.com:443\r\n\r\n");
    }

    @Test
    public void rejectsConnectWithOriginFormTarget() {
        assertMalformed("CONNECT is not supported (not a forward proxy)", "CONNECT / HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    /** Policy: methods are case-sensitive and no client sends "get"; servers that fold case would disagree with us. */
    @Test
    public void rejectsLowerCaseMethod() {
        assertMalformed("lower-case letters in method", "get / HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsDoubleSpaceInRequestLine() {
        assertMalformed("request line is not 'method SP target SP version'",
                "GET  / HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsSpaceInTarget() {
        assertMalformed("no HTTP version after the request target", "GET /a b HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsTrailingSpaceAfterVersion() {
        assertMalformed("junk after HTTP version", "GET / HTTP/1.1 \r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsTargetWithoutLeadingSlash() {
        assertMalformed("request target is not origin-form, absolute-form or *",
                "GET index.html HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsAsteriskWithGet() {
        assertMalformed("asterisk-form target with a method other than OPTIONS",
                "GET * HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsAsteriskFollowedByPath() {
        assertMalformed("request target starting with * is not asterisk-form",
                "OPTIONS */x HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsFragment() {
        assertMalformed("fragment in request target", "GET /index.html#top HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsNonAsciiInTarget() {
        assertMalformed("non-ASCII byte in request target", "GET /caf\u00c3\u00a9 HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsControlCharInTarget() {
        assertMalformed("control character in request target", "GET /a\tb HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsNulInTarget() {
        assertMalformed("control character in request target", "GET /a\0 HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    // ---- line endings and field syntax ----

    @Test
    public void rejectsBareLfAfterRequestLine() {
        assertMalformed("bare LF line ending", "GET / HTTP/1.1\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsBareLfInHeaders() {
        assertMalformed("bare LF line ending", "GET / HTTP/1.1\r\nHost: a.example\nX-A: 1\r\n\r\n");
    }

    @Test
    public void rejectsBareLfEndingTheHead() {
        assertMalformed("bare LF line ending", "GET / HTTP/1.1\r\nHost: a.example\r\n\n");
    }

    @Test
    public void rejectsBareCr() {
        assertMalformed("bare CR", "GET / HTTP/1.1\r\nHost: a.example\rX-A: 1\r\n\r\n");
    }

    @Test
    public void rejectsBareCrInRequestLine() {
        assertMalformed("bare CR", "GET / HTTP/1.1\rHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsNulInHeader() {
        assertMalformed("NUL in field value", "GET / HTTP/1.1\r\nHost: a.example\r\nX-A: a\0b\r\n\r\n");
    }

    @Test
    public void rejectsDelInHeader() {
        assertMalformed("control character in field value", "GET / HTTP/1.1\r\nHost: a.example\r\nX-A: \u007f\r\n\r\n");
    }

    @Test
    public void rejectsObsFold() {
        assertMalformed("obs-fold (header line starting with whitespace)",
                "GET / HTTP/1.1\r\nHost: a.example\r\nX-A: 1\r\n 2\r\n\r\n");
    }

    @Test
    public void rejectsWhitespaceBeforeFirstField() {
        assertMalformed("whitespace before the first header field", "GET / HTTP/1.1\r\n Host: a.example\r\n\r\n");
    }

    @Test
    public void rejectsSpaceBeforeColon() {
        assertMalformed("whitespace between field name and colon", "GET / HTTP/1.1\r\nHost : a.example\r\n\r\n");
    }

    @Test
    public void rejectsTabBeforeColon() {
        assertMalformed("whitespace between field name and colon", "GET / HTTP/1.1\r\nHost\t: a.example\r\n\r\n");
    }

    @Test
    public void rejectsEmptyFieldName() {
        assertMalformed("empty field name", "GET / HTTP/1.1\r\nHost: a.example\r\n: x\r\n\r\n");
    }

    @Test
    public void rejectsNonTokenFieldName() {
        assertMalformed("invalid character in field name", "GET / HTTP/1.1\r\nHost: a.example\r\nX(A): 1\r\n\r\n");
    }

    @Test
    public void rejectsHeaderLineWithoutColon() {
        assertMalformed("header line without colon", "GET / HTTP/1.1\r\nHost: a.example\r\nX-A\r\n\r\n");
    }

    @Test
    public void rejectsTooManyHeaderFields() {
        assertMalformed("too many header fields", withFields(RequestHeadParser.MAX_FIELDS + 1));
    }

    @Test
    public void acceptsAsManyHeaderFieldsAsTheBound() {
        assertEquals("a.example", assertMatch(withFields(RequestHeadParser.MAX_FIELDS)).host());
    }

    // ---- Host ----

    @Test
    public void rejectsDuplicateHost() {
        assertMalformed("two Host headers", "GET / HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n");
    }

    @Test
    public void rejectsDuplicateIdenticalHost() {
        assertMalformed("two Host headers", "GET / HTTP/1.1\r\nHost: a.example\r\nhost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsMissingHostInHttp11() {
        assertMalformed("missing Host header", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n");
    }

    @Test
    public void rejectsEmptyHostInHttp11() {
        assertMalformed("empty Host header", "GET / HTTP/1.1\r\nHost: \r\n\r\n");
    }

    @Test
    public void rejectsUserinfoInHost() {
        assertMalformed("userinfo in host header", "GET / HTTP/1.1\r\nHost: admin@pbx.example.com\r\n\r\n");
    }

    @Test
    public void rejectsSpaceInHost() {
        assertMalformed("invalid character in host header", "GET / HTTP/1.1\r\nHost: pbx.example.com evil\r\n\r\n");
    }

    @Test
    public void rejectsPercentEncodedHost() {
        assertMalformed("invalid character in host header", "GET / HTTP/1.1\r\nHost: pbx%2eexample.com\r\n\r\n");
    }

    @Test
    public void rejectsBadPortInHost() {
        assertMalformed("invalid port in host header", "GET / HTTP/1.1\r\nHost: pbx.example.com:65536\r\n\r\n");
    }

    @Test
    public void rejectsEmptyPortInHost() {
        assertMalformed("invalid port in host header", "GET / HTTP/1.1\r\nHost: pbx.example.com:\r\n\r\n");
    }

    @Test
    public void rejectsEmptyLabelInHost() {
        assertMalformed("empty label in host header", "GET / HTTP/1.1\r\nHost: pbx..example.com\r\n\r\n");
    }

    @Test
    public void rejectsIpv4WithLeadingZero() {
        assertMalformed("invalid IPv4 address in host header", "GET / HTTP/1.1\r\nHost: 127.0.0.01\r\n\r\n");
    }

    @Test
    public void rejectsNumericHostThatIsNoDottedQuad() {
        assertMalformed("invalid IPv4 address in host header", "GET / HTTP/1.1\r\nHost: 2130706433\r\n\r\n");
    }

    @Test
    public void rejectsInvalidIpv6Literal() {
        assertMalformed("invalid IPv6 literal in host header", "GET / HTTP/1.1\r\nHost: [1::2::3]\r\n\r\n");
    }

    @Test
    public void rejectsIpv6ZoneId() {
        assertMalformed("invalid IPv6 literal in host header", "GET / HTTP/1.1\r\nHost: [fe80::1%25eth0]\r\n\r\n");
    }

    @Test
    public void rejectsAbsoluteFormHostMismatch() {
        assertMalformed("absolute-form host differs from Host header",
                "GET http://pbx.example.com/admin HTTP/1.1\r\nHost: other.example.com\r\n\r\n");
    }

    @Test
    public void rejectsUserinfoInAbsoluteForm() {
        assertMalformed("userinfo in host of absolute-form target",
                "GET http://user@pbx.example.com/ HTTP/1.1\r\nHost: pbx.example.com\r\n\r\n");
    }

    // ---- message framing ----

    @Test
    public void rejectsContentLengthWithTransferEncoding() {
        assertMalformed("Content-Length with Transfer-Encoding",
                "POST / HTTP/1.1\r\nHost: a.example\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    public void rejectsTransferEncodingWithContentLength() {
        assertMalformed("Content-Length with Transfer-Encoding",
                "POST / HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n");
    }

    @Test
    public void rejectsTeGzipChunked() {
        assertMalformed("Transfer-Encoding other than chunked",
                "POST / HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
    }

    @Test
    public void rejectsTeChunkedChunked() {
        assertMalformed("Transfer-Encoding other than chunked",
                "POST / HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked, chunked\r\n\r\n");
    }

    @Test
    public void rejectsTeWithJunkAfterChunked() {
        assertMalformed("Transfer-Encoding other than chunked",
                "POST / HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked, x\r\n\r\n");
    }

    @Test
    public void rejectsTwoTransferEncodingHeaders() {
        assertMalformed("two Transfer-Encoding headers",
                "POST / HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    public void rejectsTransferEncodingInHttp10() {
        assertMalformed("Transfer-Encoding in an HTTP/1.0 request",
                "POST / HTTP/1.0\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n");
    }

    @Test
    public void rejectsNegativeContentLength() {
        assertMalformed("Content-Length is not a number",
                "POST / HTTP/1.1\r\nHost: a.example\r\nContent-Length: -1\r\n\r\n");
    }

    @Test
    public void rejectsContentLengthWithPlusSign() {
        assertMalformed("Content-Length is not a number",
                "POST / HTTP/1.1\r\nHost: a.example\r\nContent-Length: +4\r\n\r\n");
    }

    @Test
    public void rejectsContentLengthList() {
        assertMalformed("Content-Length is not a number",
                "POST / HTTP/1.1\r\nHost: a.example\r\nContent-Length: 1, 1\r\n\r\n");
    }

    /** Policy: RFC 9112 6.3 lets a recipient merge identical copies; we take the stricter reading. */
    @Test
    public void rejectsDuplicateIdenticalContentLength() {
        assertMalformed("two Content-Length headers",
                "POST / HTTP/1.1\r\nHost: a.example\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\n");
    }

    @Test
    public void rejectsEmptyContentLength() {
        assertMalformed("empty Content-Length", "POST / HTTP/1.1\r\nHost: a.example\r\nContent-Length: \r\n\r\n");
    }

    @Test
    public void rejectsContentLengthBeyondLong() {
        assertMalformed("Content-Length too large",
                "POST / HTTP/1.1\r\nHost: a.example\r\nContent-Length: 9223372036854775808\r\n\r\n");
    }

    @Test
    public void acceptsLargestContentLength() {
        HttpHead head = assertMatch(
                "POST / HTTP/1.1\r\nHost: a.example\r\nContent-Length: 9223372036854775807\r\n\r\n").http();
        assertEquals(Long.MAX_VALUE, head.contentLength());
    }

    // ---- path ----

    @Test
    public void rejectsEncodedSlash() {
        assertMalformed("encoded slash in path", "GET /PBX0%2fAPPS/ HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsEncodedDotDotSegment() {
        assertMalformed("encoded dot segment in path",
                "GET /PBX0/APPS/%2e%2E/admin HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsHalfEncodedDotDotSegment() {
        assertMalformed("encoded dot segment in path", "GET /PBX0/APPS/.%2e/admin HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsEncodedDotSegment() {
        assertMalformed("encoded dot segment in path", "GET /PBX0/%2e/APPS HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsTraversalAboveRoot() {
        assertMalformed("path climbs above the root", "GET /PBX0/../../etc/passwd HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsDotSegmentWithPathParameter() {
        assertMalformed("dot-segment with parameters in path",
                "GET /PBX0/APPS/..;/admin HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void keepsPathParametersOfNames() {
        assertEquals("/a;v=1/b...;x/;jsessionid=1",
                assertMatch("GET /a;v=1/b...;x/;jsessionid=1 HTTP/1.1\r\nHost: a.example\r\n\r\n").path());
    }

    @Test
    public void rejectsBackslash() {
        assertMalformed("backslash in path", "GET /PBX0/APPS\\..\\admin HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsEncodedBackslash() {
        assertMalformed("encoded backslash in path", "GET /PBX0/APPS%5c..%5cadmin HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsEncodedNul() {
        assertMalformed("encoded NUL in path", "GET /index.html%00.png HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsInvalidPercentEscape() {
        assertMalformed("invalid percent escape in path", "GET /a%zz HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void rejectsTruncatedPercentEscape() {
        assertMalformed("invalid percent escape in path", "GET /a%4 HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void leavesQueryEscapesAlone() {
        Facts facts = assertMatch("GET /search?q=100%&x=a\\b HTTP/1.1\r\nHost: a.example\r\n\r\n");
        assertEquals("/search", facts.path());
        assertEquals("/search?q=100%&x=a\\b", facts.http().target());
    }

    @Test
    public void normalisesDotSegmentsAndDoubleSlashes() {
        Facts facts = assertMatch("GET /PBX0//APPS/./x/../y?q=1 HTTP/1.1\r\nHost: pbx.example.com\r\n\r\n");
        assertEquals("/PBX0/APPS/y", facts.path());
        assertEquals("target as sent", "/PBX0//APPS/./x/../y?q=1", facts.http().target());
    }

    @Test
    public void keepsTheSlashOfADirectoryNamedByDotSegments() {
        assertEquals("/a/b/", assertMatch("GET /a/b/. HTTP/1.1\r\nHost: a.example\r\n\r\n").path());
        assertEquals("/a/", assertMatch("GET /a/b/.. HTTP/1.1\r\nHost: a.example\r\n\r\n").path());
        assertEquals("/", assertMatch("GET /a/.. HTTP/1.1\r\nHost: a.example\r\n\r\n").path());
        assertEquals("/a/b/", assertMatch("GET /a/b// HTTP/1.1\r\nHost: a.example\r\n\r\n").path());
    }

    @Test
    public void keepsDotsInsideNames() {
        assertEquals("/a/.../b..c/.d", assertMatch("GET /a/.../b..c/.d HTTP/1.1\r\nHost: a.example\r\n\r\n").path());
    }

    @Test
    public void decodesUnreservedEscapes() {
        Facts facts = assertMatch("GET /%50BX0/%7euser/a%2Db%5f/caf%c3%a9%20x HTTP/1.1\r\nHost: a.example\r\n\r\n");
        assertEquals("/PBX0/~user/a-b_/caf%C3%A9%20x", facts.path());
    }

    @Test
    public void decodesEncodedDotInsideAName() {
        assertEquals("/index.html", assertMatch("GET /index%2ehtml HTTP/1.1\r\nHost: a.example\r\n\r\n").path());
    }

    // ---- what is accepted ----

    @Test
    public void matchesSimpleGet() {
        Facts facts = assertMatch("GET /index.html HTTP/1.1\r\nHost: pbx.example.com\r\nAccept: */*\r\n\r\n");
        assertEquals(Protocol.HTTP, facts.protocol());
        assertEquals("pbx.example.com", facts.host());
        assertEquals("/index.html", facts.path());
        assertEquals(new HttpHead("GET", "/index.html", 1, 64, -1, false, false, false), facts.http());
    }

    @Test
    public void lowerCasesHostAndStripsPort() {
        assertEquals("pbx.example.com", assertMatch("GET / HTTP/1.1\r\nHOST: PBX.Example.COM:8443\r\n\r\n").host());
    }

    @Test
    public void stripsTrailingDotOfHost() {
        assertEquals("pbx.example.com", assertMatch("GET / HTTP/1.1\r\nHost: pbx.example.com.:80\r\n\r\n").host());
    }

    @Test
    public void takesIpv6HostWithoutBrackets() {
        assertEquals("::1", assertMatch("GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n").host());
    }

    @Test
    public void lowerCasesIpv6HostWithIpv4Tail() {
        assertEquals("::ffff:192.0.2.1", assertMatch("GET / HTTP/1.1\r\nHost: [::FFFF:192.0.2.1]\r\n\r\n").host());
    }

    @Test
    public void takesIpv4Host() {
        assertEquals("192.0.2.1", assertMatch("GET / HTTP/1.1\r\nHost: 192.0.2.1:80\r\n\r\n").host());
    }

    @Test
    public void trimsWhitespaceAroundFieldValues() {
        Facts facts = assertMatch("GET / HTTP/1.1\r\nHost:\t pbx.example.com \t\r\nContent-Length:  7 \r\n\r\n");
        assertEquals("pbx.example.com", facts.host());
        assertEquals(7, facts.http().contentLength());
    }

    @Test
    public void acceptsObsTextAndTabInFieldValues() {
        Facts facts = assertMatch("GET / HTTP/1.1\r\nHost: a.example\r\nUser-Agent: caf\u00c3\u00a9\tphone\r\n\r\n");
        assertEquals("a.example", facts.host());
    }

    @Test
    public void matchesChunkedRequest() {
        String head = "POST /upload HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: Chunked \r\n\r\n";
        HttpHead http = assertMatch(head + "4\r\nbody\r\n0\r\n\r\n").http();
        assertTrue(http.chunked());
        assertEquals(-1, http.contentLength());
        assertEquals(head.length(), http.headLength());
    }

    @Test
    public void matchesRequestWithContentLength() {
        HttpHead head = assertMatch("POST /upload HTTP/1.1\r\nHost: a.example\r\ncontent-length: 0042\r\n\r\n").http();
        assertEquals(42, head.contentLength());
        assertFalse(head.chunked());
        assertEquals("POST", head.method());
    }

    @Test
    public void acceptsExtensionMethod() {
        assertEquals("PROPFIND", assertMatch("PROPFIND /dav/ HTTP/1.1\r\nHost: a.example\r\n\r\n").http().method());
    }

    @Test
    public void detectsWebSocketUpgrade() {
        HttpHead head = assertMatch("GET /PBX0/APPS/websocket HTTP/1.1\r\nHost: pbx.example.com\r\n"
                + "Connection: keep-alive, Upgrade\r\nUpgrade: WebSocket\r\nSec-WebSocket-Version: 13\r\n\r\n").http();
        assertTrue(head.webSocket());
    }

    @Test
    public void tellsWhetherTheClientClosesAfterTheRequest() {
        assertFalse(assertMatch("GET / HTTP/1.1\r\nHost: a.example\r\n\r\n").http().close());
        assertTrue(assertMatch("GET / HTTP/1.1\r\nHost: a.example\r\nConnection: Close\r\n\r\n").http().close());
        assertTrue(assertMatch("GET / HTTP/1.0\r\nHost: a.example\r\n\r\n").http().close());
        assertFalse(assertMatch("GET / HTTP/1.0\r\nHost: a.example\r\nConnection: keep-alive\r\n\r\n").http().close());
        assertFalse(assertMatch("GET / HTTP/1.1\r\nHost: a.example\r\nConnection: closed\r\n\r\n").http().close());
    }

    @Test
    public void needsBothUpgradeAndConnectionForWebSocket() {
        assertFalse(assertMatch("GET /ws HTTP/1.1\r\nHost: a.example\r\nUpgrade: websocket\r\n\r\n").http().webSocket());
        assertFalse(assertMatch("GET /ws HTTP/1.1\r\nHost: a.example\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n")
                .http().webSocket());
        assertFalse(assertMatch("GET /ws HTTP/1.1\r\nHost: a.example\r\nConnection: upgraded\r\nUpgrade: websocket\r\n\r\n")
                .http().webSocket());
    }

    @Test
    public void matchesAbsoluteForm() {
        Facts facts = assertMatch("GET hTTps://PBX.example.com:443/PBX0/./APPS/?x=1 HTTP/1.1\r\n"
                + "Host: pbx.example.com\r\n\r\n");
        assertEquals("pbx.example.com", facts.host());
        assertEquals("/PBX0/APPS/", facts.path());
        assertEquals("hTTps://PBX.example.com:443/PBX0/./APPS/?x=1", facts.http().target());
    }

    @Test
    public void givesAbsoluteFormWithoutPathTheRootPath() {
        assertEquals("/", assertMatch("GET http://a.example?x HTTP/1.1\r\nHost: a.example\r\n\r\n").path());
    }

    /** Policy: an HTTP/1.0 head may lack Host; it matches without a routing key and the route table decides. */
    @Test
    public void matchesHttp10WithoutHost() {
        Facts facts = assertMatch("GET / HTTP/1.0\r\nAccept: */*\r\n\r\n");
        assertNull(facts.host());
        assertEquals(0, facts.http().minorVersion());
    }

    @Test
    public void takesHttp10HostFromAbsoluteForm() {
        assertEquals("a.example", assertMatch("GET http://A.example:8080/x HTTP/1.0\r\n\r\n").host());
    }

    @Test
    public void matchesOptionsAsterisk() {
        Facts facts = assertMatch("OPTIONS * HTTP/1.1\r\nHost: a.example\r\n\r\n");
        assertEquals("*", facts.path());
        assertEquals("*", facts.http().target());
    }

    // ---- how the sniffer is called ----

    @Test
    public void keepsHeadLengthExactWithPipelinedBytes() {
        String first = "GET /a HTTP/1.1\r\nHost: a.example\r\n\r\n";
        String second = "GET /b HTTP/1.1\r\nHost: a.example\r\n\r\n";
        HttpHead head = assertMatch(first + second).http();
        assertEquals(first.length(), head.headLength());
        assertEquals("/a", head.target());
    }

    @Test
    public void readsTheNextRequestFromTheBufferPosition() {
        String first = "POST /a HTTP/1.1\r\nHost: a.example\r\nContent-Length: 4\r\n\r\nbody";
        String second = "GET /b HTTP/1.1\r\nHost: b.example\r\n\r\n";
        ByteBuffer connection = ByteBuffer.wrap(Sniffing.bytes(first + second)).asReadOnlyBuffer();
        HttpHead firstHead = new HttpSniffer().sniff(connection).facts().http();
        connection.position(firstHead.headLength() + (int) firstHead.contentLength());
        Facts next = new HttpSniffer().sniff(connection).facts();
        assertEquals("b.example", next.host());
        assertEquals("/b", next.path());
        assertEquals(second.length(), next.http().headLength());
    }

    @Test
    public void slowHeadAnswersNeedMoreUntilComplete() {
        byte[] head = Sniffing.bytes("GET /index.html HTTP/1.1\r\nHost: pbx.example.com\r\nAccept: */*\r\n\r\n");
        for (int length = 0; length < head.length; length++) {
            assertEquals("after " + length + " bytes", Kind.NEED_MORE, SNIFFING.prefix(head, length).kind());
        }
        assertEquals(Kind.MATCH, SNIFFING.prefix(head, head.length).kind());
    }

    @Test
    public void rejectsBadRequestLineBeforeTheHeadIsComplete() {
        assertEquals(Kind.REJECT, SNIFFING.prefix(Sniffing.bytes("GET / HTTP/1.2\r\n"), 16).kind());
    }

    @Test
    public void rejectsDuplicateHostBeforeTheHeadIsComplete() {
        String head = "GET / HTTP/1.1\r\nHost: a.example\r\nHost: a.example\r\nAccept: */*";
        assertEquals(Kind.REJECT, SNIFFING.prefix(Sniffing.bytes(head), head.length()).kind());
    }

    @Test
    public void emptyBufferNeedsMore() {
        assertEquals(Kind.NEED_MORE, SNIFFING.prefix(new byte[0], 0).kind());
    }

    // ---- bytes of other protocols ----

    @Test
    public void sipRequestIsNotMine() {
        assertNotMine("INVITE sip:100@pbx.example.com SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.1\r\n\r\n");
    }

    @Test
    public void sipOptionsIsNotMine() {
        assertNotMine("OPTIONS sip:pbx.example.com SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.1\r\n\r\n");
    }

    @Test
    public void proxyProtocolLineIsNotMine() {
        assertNotMine("PROXY TCP4 192.0.2.1 192.0.2.2 40000 80\r\nGET / HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void tlsClientHelloIsNotMine() {
        assertNotMine("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003");
    }

    @Test
    public void ldapBerIsNotMine() {
        assertNotMine("0\u000c\u0002\u0001\u0001`\u0007\u0002\u0001\u0003\u0004\u0000\u0080\u0000");
    }

    @Test
    public void tpktIsNotMine() {
        assertNotMine("\u0003\u0000\u0000\u00a0\u0008\u0002\u0000\u0001\u0005");
    }

    @Test
    public void leadingEmptyLineIsNotMine() {
        assertNotMine("\r\nGET / HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    @Test
    public void overlongMethodIsNotMine() {
        assertNotMine("ABCDEFGHIJKLMNOPQRSTUVWXYZ / HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    // ---- helpers ----

    private static void assertMalformed(String detail, String head) {
        assertEquals("reject MALFORMED: " + detail, Sniffing.describe(SNIFFING.consistently(head)));
    }

    private static Facts assertMatch(String head) {
        SniffResult answer = SNIFFING.consistently(head);
        assertEquals(Sniffing.describe(answer), Kind.MATCH, answer.kind());
        return answer.facts();
    }

    private static void assertNotMine(String bytes) {
        SniffResult answer = SNIFFING.consistently(bytes);
        assertEquals(Sniffing.describe(answer), Kind.NOT_MINE, answer.kind());
    }

    private static String withFields(int count) {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: a.example\r\n");
        for (int i = 1; i < count; i++) {
            head.append("X-F").append(i).append(": v\r\n");
        }
        return head.append("\r\n").toString();
    }
}
