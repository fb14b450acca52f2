package org.rp.sniffers.sip;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.rp.api.Facts;
import org.rp.api.Protocol;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.SniffResult.Kind;
import org.rp.sniffers.Sniffing;
import org.rp.sniffers.http.HttpSniffer;

/**
 * Hand-written request heads: broken ones (each must be rejected, whole or arriving byte by byte), the edges of what
 * is accepted, what is reported, and bytes that belong to other sniffers. Every head goes through
 * {@link Sniffing#consistently}, and every head the SIP sniffer claims is checked to be left alone by the HTTP one.
 */
public class SipSnifferTest {
    private static final Sniffing SNIFFING = new Sniffing(new SipSniffer());
    private static final Sniffing HTTP = new Sniffing(new HttpSniffer());

    private static final String REQUEST_LINE = "INVITE sip:bob@pbx.example.com SIP/2.0";
    private static final String VIA = "Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK776asdhds";
    private static final String FROM = "From: Alice <sip:alice@example.com>;tag=1928301774";
    private static final String TO = "To: Bob <sip:bob@pbx.example.com>";
    private static final String CALL_ID = "Call-ID: a84b4c76e66710@192.0.2.1";
    private static final String CSEQ = "CSeq: 314159 INVITE";
    private static final String CONTENT_LENGTH = "Content-Length: 0";
    private static final List<String> FIELDS = List.of(VIA, FROM, TO, CALL_ID, CSEQ, CONTENT_LENGTH);

    // ---- request line ----

    @Test
    public void matchesAMinimalInvite() {
        Facts facts = assertMatch(invite());
        assertEquals(Protocol.SIP, facts.protocol());
        assertEquals("pbx.example.com", facts.host());
        assertEquals("pbx.example.com", facts.sipDomain());
        assertEquals("INVITE", facts.attribute("sip.method"));
        assertEquals("bob", facts.attribute("sip.ruri.user"));
    }

    @Test
    public void acceptsAnyTokenAsMethod() {
        assertEquals("X-Custom.1!", assertMatch(head("X-Custom.1! sip:pbx.example.com SIP/2.0",
                replaced(CSEQ, "CSeq: 1 X-Custom.1!"))).attribute("sip.method"));
    }

    /** Policy: methods are case-sensitive (RFC 3261 7.1), so "invite" is an extension method, not INVITE. */
    @Test
    public void keepsTheMethodsCase() {
        assertEquals("invite", assertMatch(head("invite sip:pbx.example.com SIP/2.0",
                replaced(CSEQ, "CSeq: 1 invite"))).attribute("sip.method"));
    }

    @Test
    public void acceptsTheVersionInAnyCase() {
        assertMatch(head("INVITE sip:bob@pbx.example.com sip/2.0", FIELDS));
    }

    @Test
    public void rejectsOtherSipVersions() {
        assertRejected("UNSUPPORTED_VERSION: SIP version other than 2.0", head("INVITE sip:a.example SIP/3.0", FIELDS));
        assertRejected("UNSUPPORTED_VERSION: SIP version other than 2.0", head("INVITE sip:a.example SIP/1.10", FIELDS));
    }

    @Test
    public void rejectsJunkVersions() {
        assertMalformed("invalid SIP version", head("INVITE sip:a.example SIP/2", FIELDS));
        assertMalformed("invalid SIP version", head("INVITE sip:a.example SIP/2.0.1", FIELDS));
        assertMalformed("invalid SIP version", head("INVITE sip:a.example SIP/.2", FIELDS));
        assertMalformed("invalid SIP version", head("INVITE sip:a.example SIP/2.0 ", FIELDS));
        assertMalformed("invalid SIP version", head("INVITE sip:a.example SIP/222222222", FIELDS));
    }

    @Test
    public void rejectsBareLfAfterTheRequestLine() {
        assertMalformed("bare LF line ending", invite().replaceFirst("\r\n", "\n"));
    }

    @Test
    public void rejectsBareCrAfterTheRequestLine() {
        assertMalformed("bare CR", invite().replaceFirst("\r\n", "\r"));
    }

    @Test
    public void rejectsAnOverlongSipRequestUri() {
        String uri = "sip:" + "a".repeat(RequestParser.MAX_REQUEST_URI_END) + ".example";
        assertRejected("OVERSIZE: Request-URI does not end within 8 KiB", "INVITE " + uri + " SIP/2.0\r\n");
    }

    @Test
    public void acceptsARequestUriEndingAtTheLimit() {
        // the space after the Request-URI is the last byte of the first 8 KiB
        String line = "INVITE sip:bob@pbx.example.com;x=";
        String padded = line + "a".repeat(RequestParser.MAX_REQUEST_URI_END - line.length() - 1);
        assertMatch(head(padded + " SIP/2.0", FIELDS));
    }

    // ---- Request-URI ----

    @Test
    public void rejectsRequestUriWithoutScheme() {
        assertMalformed("Request-URI: URI without a scheme", head("REGISTER <>:: SIP/2.0", FIELDS));
        assertMalformed("Request-URI: URI without a scheme", head("REGISTER pbx.example.com SIP/2.0", FIELDS));
    }

    /** Policy: a proxy routes sip, sips and tel; urn:, im: and the like are not first messages rp relays. */
    @Test
    public void rejectsOtherRequestUriSchemes() {
        assertMalformed("Request-URI: URI scheme other than sip, sips or tel",
                head("INVITE urn:service:sos SIP/2.0", FIELDS));
    }

    @Test
    public void rejectsBrokenUserParts() {
        assertMalformed("Request-URI: empty user part", head("INVITE sip:@pbx.example.com SIP/2.0", FIELDS));
        assertMalformed("Request-URI: invalid character in the user part",
                head("INVITE sip:b\"ob@pbx.example.com SIP/2.0", FIELDS));
        assertMalformed("Request-URI: invalid character in the user part",
                head("INVITE sip:bob%4@pbx.example.com SIP/2.0", FIELDS));
        assertMalformed("Request-URI: invalid character in the password",
                head("INVITE sip:bob:se;cret@pbx.example.com SIP/2.0", FIELDS));
    }

    @Test
    public void keepsEscapesAndSeparatorsOfTheUserPart() {
        Facts facts = assertMatch(head("INVITE sip:%2B1;npdi?x=y/z@pbx.example.com SIP/2.0", FIELDS));
        assertEquals("%2B1;npdi?x=y/z", facts.attribute("sip.ruri.user"));
        assertEquals("pbx.example.com", facts.host());
    }

    @Test
    public void leavesThePasswordOut() {
        Facts facts = assertMatch(head("INVITE sip:bob:secret@pbx.example.com SIP/2.0", FIELDS));
        assertEquals("bob", facts.attribute("sip.ruri.user"));
    }

    @Test
    public void rejectsBrokenHosts() {
        assertMalformed("Request-URI: empty host", head("INVITE sip: SIP/2.0", FIELDS));
        assertMalformed("Request-URI: empty host", head("INVITE sip:bob@ SIP/2.0", FIELDS));
        assertMalformed("Request-URI: empty host", head("INVITE sip:bob@;transport=tcp SIP/2.0", FIELDS));
        assertMalformed("Request-URI: invalid character after the host", head("INVITE sip:a_b.example SIP/2.0", FIELDS));
        assertMalformed("Request-URI: invalid character after the host", head("INVITE sip:a.example/x SIP/2.0", FIELDS));
        assertMalformed("Request-URI: empty label in the host name", head("INVITE sip:a..example SIP/2.0", FIELDS));
        assertMalformed("Request-URI: empty label in the host name", head("INVITE sip:. SIP/2.0", FIELDS));
        assertMalformed("Request-URI: empty label in the host name", head("INVITE sip:.a.example SIP/2.0", FIELDS));
        assertMalformed("Request-URI: host name label starting or ending with '-'",
                head("INVITE sip:-a.example SIP/2.0", FIELDS));
        assertMalformed("Request-URI: host name label starting or ending with '-'",
                head("INVITE sip:a-.example SIP/2.0", FIELDS));
        assertMalformed("Request-URI: host name label longer than 63 characters",
                head("INVITE sip:" + "a".repeat(64) + ".example SIP/2.0", FIELDS));
        String label = "a".repeat(63);
        assertMalformed("Request-URI: host name longer than 253 characters",
                head("INVITE sip:" + String.join(".", label, label, label, label) + " SIP/2.0", FIELDS));
    }

    @Test
    public void acceptsHostNamesAtTheLimits() {
        String label = "a".repeat(63);
        String longest = String.join(".", label, label, label, "a".repeat(61));
        assertEquals(253, longest.length());
        assertEquals(longest, assertMatch(head("INVITE sip:" + longest + " SIP/2.0", FIELDS)).host());
        assertEquals("0a-b.x9", assertMatch(head("INVITE sip:0A-B.X9 SIP/2.0", FIELDS)).host());
    }

    @Test
    public void rejectsBrokenIpv4Addresses() {
        for (String host : List.of("1.2.3", "1.2.3.4.5", "1.2.3.256", "01.2.3.4", "1.2.3.4.", "1.2.3.1234", "1..3.4",
                "example.1com", "1.2.3.4a")) {
            assertMalformed(host, "Request-URI: invalid IPv4 address", head("INVITE sip:" + host + " SIP/2.0", FIELDS));
        }
    }

    @Test
    public void acceptsIpv4Addresses() {
        for (String host : List.of("0.0.0.0", "255.255.255.255", "192.0.2.1", "10.0.0.10")) {
            assertEquals(host, assertMatch(head("INVITE sip:" + host + " SIP/2.0", FIELDS)).attribute("sip.ruri.host"));
        }
    }

    @Test
    public void rejectsBrokenIpv6References() {
        for (String host : List.of("[]", "[:]", "[:::]", "[1::2::3]", "[1:2:3:4:5:6:7:8:9]", "[1:2:3:4:5:6:7]",
                "[12345::]", "[:1::]", "[1::2:]", "[::g]", "[::1", "[1:2:3:4:5:6:7:8::]", "[::1.2.3]",
                "[1:2:3:4:5:6:7:1.2.3.4]", "[1.2.3.4]", "[::ffff:1.2.3.4:1]", "[::1:.2.3.4]")) {
            assertMalformed(host, "Request-URI: invalid IPv6 reference", head("INVITE sip:" + host + " SIP/2.0", FIELDS));
        }
    }

    @Test
    public void acceptsIpv6References() {
        for (String host : List.of("::", "::1", "1::", "2001:db8::1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::",
                "::2:3:4:5:6:7:8", "::ffff:192.0.2.1", "1:2:3:4:5:6:192.0.2.1", "FE80::ABCD")) {
            Facts facts = assertMatch(head("INVITE sip:bob@[" + host + "]:5060 SIP/2.0", FIELDS));
            assertEquals(host, host.toLowerCase(), facts.attribute("sip.ruri.host"));
            assertEquals(host, "5060", facts.attribute("sip.ruri.port"));
        }
    }

    @Test
    public void rejectsBrokenPorts() {
        for (String port : List.of("", "0", "65536", "123456", "99999", "5o60")) {
            String line = "INVITE sip:pbx.example.com:" + port + " SIP/2.0";
            String detail = port.equals("5o60") ? "Request-URI: invalid character after the host"
                    : "Request-URI: invalid port";
            assertMalformed(port, detail, head(line, FIELDS));
        }
    }

    @Test
    public void acceptsPortsAtTheLimits() {
        assertEquals("1", assertMatch(head("INVITE sip:a.example:1 SIP/2.0", FIELDS)).attribute("sip.ruri.port"));
        assertEquals("65535", assertMatch(head("INVITE sip:a.example:65535 SIP/2.0", FIELDS))
                .attribute("sip.ruri.port"));
        assertEquals("5060", assertMatch(head("INVITE sip:a.example:05060 SIP/2.0", FIELDS))
                .attribute("sip.ruri.port"));
    }

    @Test
    public void rejectsBrokenUriParameters() {
        assertMalformed("Request-URI: empty URI parameter name", head("INVITE sip:a.example; SIP/2.0", FIELDS));
        assertMalformed("Request-URI: empty URI parameter name", head("INVITE sip:a.example;=x SIP/2.0", FIELDS));
        assertMalformed("Request-URI: empty URI parameter value", head("INVITE sip:a.example;x= SIP/2.0", FIELDS));
        assertMalformed("Request-URI: invalid character in the URI parameters",
                head("INVITE sip:a.example;x=a\"b SIP/2.0", FIELDS));
        assertMalformed("Request-URI: transport parameter without a value",
                head("INVITE sip:a.example;transport SIP/2.0", FIELDS));
    }

    @Test
    public void rejectsTwoTransportParameters() {
        assertMalformed("Request-URI: two transport parameters",
                head("INVITE sip:a.example;transport=tcp;lr;Transport=udp SIP/2.0", FIELDS));
    }

    @Test
    public void reportsPortTransportAndParameters() {
        Facts facts = assertMatch(head("INVITE sips:Bob@PBX.Example.COM.:5061;lr;maddr=[2001:db8::1];TRANSPORT=TCP"
                + "?subject=x%20y&priority=urgent SIP/2.0", FIELDS));
        assertEquals("pbx.example.com", facts.host());
        assertEquals("pbx.example.com", facts.attribute("sip.ruri.host"));
        assertEquals("Bob", facts.attribute("sip.ruri.user"));
        assertEquals("5061", facts.attribute("sip.ruri.port"));
        assertEquals("tcp", facts.attribute("sip.ruri.transport"));
    }

    @Test
    public void lowersUnknownTransports() {
        assertEquals("dtls-sctp", assertMatch(head("INVITE sip:a.example;transport=DTLS-SCTP SIP/2.0", FIELDS))
                .attribute("sip.ruri.transport"));
    }

    /** Policy: a tel Request-URI has no host; the To domain routes it, and its number is reported as the user. */
    @Test
    public void routesTelRequestUriByTheToDomain() {
        Facts facts = assertMatch(head("INVITE tel:+1-201-555-0123;phone-context=example.com SIP/2.0", FIELDS));
        assertEquals("pbx.example.com", facts.host());
        assertNull(facts.attribute("sip.ruri.host"));
        assertEquals("+1-201-555-0123", facts.attribute("sip.ruri.user"));
    }

    @Test
    public void hasNoRoutingKeyWhenNeitherUriHasAHost() {
        Facts facts = assertMatch(head("INVITE tel:7042 SIP/2.0", FIELDS).replace(TO, "To: <tel:7042>"));
        assertNull(facts.host());
        assertNull(facts.sipDomain());
        assertNull(facts.attribute("sip.to.host"));
    }

    @Test
    public void rejectsTelWithoutNumber() {
        assertMalformed("Request-URI: tel URI without a number", head("INVITE tel:;phone-context=x SIP/2.0", FIELDS));
        assertMalformed("Request-URI: tel URI without a number", head("INVITE tel:+ SIP/2.0", FIELDS));
        assertMalformed("Request-URI: invalid character in the URI parameters", head("INVITE tel:12x3 SIP/2.0", FIELDS));
    }

    // ---- routing key ----

    @Test
    public void routesAnAddressedRequestByTheToDomain() {
        Facts facts = assertMatch(head("INVITE sip:bob@192.0.2.10:5060 SIP/2.0", FIELDS));
        assertEquals("pbx.example.com", facts.host());
        assertEquals("192.0.2.10", facts.attribute("sip.ruri.host"));
        assertEquals("pbx.example.com", facts.attribute("sip.to.host"));
    }

    @Test
    public void routesByTheIpv6AddressWhenToNamesNoDomain() {
        Facts facts = assertMatch(head("OPTIONS sip:[2001:DB8::10] SIP/2.0",
                replaced(TO, "To: <sip:[2001:db8::11]>", CSEQ, "CSeq: 1 OPTIONS")));
        assertEquals("2001:db8::10", facts.host());
        assertEquals("2001:db8::11", facts.attribute("sip.to.host"));
    }

    @Test
    public void routesByTheAddressWhenToHasOneToo() {
        Facts facts = assertMatch(head("INVITE sip:bob@192.0.2.10 SIP/2.0", replaced(TO, "t: sip:bob@192.0.2.11")));
        assertEquals("192.0.2.10", facts.host());
    }

    @Test
    public void routesByTheRequestUriDomainEvenWhenToDiffers() {
        Facts facts = assertMatch(head("INVITE sip:bob@pbx.example.com SIP/2.0",
                replaced(TO, "To: <sip:bob@other.example>")));
        assertEquals("pbx.example.com", facts.host());
        assertEquals("other.example", facts.attribute("sip.to.host"));
    }

    @Test
    public void sharesTheHostStringWhereHostsAreSpeltAlike() {
        Facts facts = assertMatch(head("INVITE sip:bob@PBX.example.com SIP/2.0",
                replaced(FROM, "From: <sip:alice@pbx.EXAMPLE.com>;tag=1")));
        assertSame(facts.host(), facts.attribute("sip.to.host"));
        assertSame(facts.host(), facts.attribute("sip.from.host"));
    }

    // ---- header fields ----

    @Test
    public void reportsEveryAttribute() {
        Facts facts = assertMatch(head("REGISTER sip:pbx.example.com;transport=tcp SIP/2.0",
                "Via: SIP/2.0/tcp 192.0.2.1:5060;branch=z9hG4bK1", "From: <sip:%61lice@example.com>;tag=1",
                "To: <sip:alice@example.com>", CALL_ID, "CSeq: 1 REGISTER", "Content-Length: 42"));
        assertEquals("pbx.example.com", facts.host());
        assertEquals(Map.of("sip.method", "REGISTER", "sip.ruri.host", "pbx.example.com", "sip.ruri.transport", "tcp",
                "sip.to.host", "example.com", "sip.from.host", "example.com", "sip.from.user", "%61lice",
                "sip.via.transport", "TCP", "sip.content_length", "42"), facts.attributes());
    }

    @Test
    public void acceptsCompactFormsInAnyCase() {
        Facts facts = assertMatch(head(REQUEST_LINE, "v: SIP/2.0/UDP 192.0.2.1", "F: sip:alice@example.com;tag=1",
                "t: sip:bob@pbx.example.com", "I: a84b4c76e66710", CSEQ, "L: 12", "m: <sip:alice@192.0.2.1>"));
        assertEquals("UDP", facts.attribute("sip.via.transport"));
        assertEquals("example.com", facts.attribute("sip.from.host"));
        assertEquals("alice", facts.attribute("sip.from.user"));
        assertEquals("12", facts.attribute("sip.content_length"));
    }

    @Test
    public void acceptsLongNamesInAnyCase() {
        assertMatch(head(REQUEST_LINE, "VIA: SIP/2.0/TCP 192.0.2.1", "fRoM: <sip:alice@example.com>", "tO: <sip:b.example>",
                "CALL-ID: x", "cseq: 1 INVITE", "content-LENGTH: 0"));
    }

    @Test
    public void acceptsWhitespaceBeforeTheColon() {
        assertMatch(head(REQUEST_LINE, VIA, FROM, "To \t: <sip:bob@pbx.example.com>", CALL_ID, CSEQ));
    }

    @Test
    public void needsNoMaxForwardsNorContentLength() {
        Facts facts = assertMatch(head(REQUEST_LINE, VIA, FROM, TO, CALL_ID, CSEQ));
        assertNull(facts.attribute("sip.content_length"));
    }

    @Test
    public void acceptsUtf8InHeaderValues() {
        assertMatch(head(REQUEST_LINE, FIELDS).replace("Alice <", "\"Al\u00c3\u00afce\" <")
                .replace("\r\n\r\n", "\r\nSubject: caf\u00c3\u00a9\r\n\r\n"));
    }

    @Test
    public void rejectsEveryMissingMandatoryHeader() {
        for (String name : List.of("Via", "From", "To", "Call-ID", "CSeq")) {
            List<String> fields = new ArrayList<>(FIELDS);
            fields.removeIf(field -> field.startsWith(name + ":"));
            assertMalformed(name, "missing " + name + " header", head(REQUEST_LINE, fields));
        }
    }

    @Test
    public void rejectsDuplicatesOfSingleHeaders() {
        assertMalformed("two To headers", head(REQUEST_LINE, FIELDS, "t: <sip:bob@pbx.example.com>"));
        assertMalformed("two From headers", head(REQUEST_LINE, FIELDS, FROM));
        assertMalformed("two Call-ID headers", head(REQUEST_LINE, FIELDS, "i: other"));
        assertMalformed("two CSeq headers", head(REQUEST_LINE, FIELDS, CSEQ));
    }

    @Test
    public void rejectsFoldedLines() {
        assertMalformed("folded header line (line starting with whitespace)",
                head(REQUEST_LINE, FIELDS, "Subject: lunch\r\n  tomorrow"));
        assertMalformed("whitespace before the first header field", head(REQUEST_LINE, " " + VIA, FROM, TO));
    }

    @Test
    public void rejectsBareLfAndCrInTheFields() {
        assertMalformed("bare LF line ending", invite().replace(TO + "\r\n", TO + "\n"));
        assertMalformed("bare CR", invite().replace(TO + "\r\n", TO + "\r"));
        assertMalformed("bare LF line ending", invite().replace("\r\n\r\n", "\r\n\n"));
        assertMalformed("bare CR", invite().replace("\r\n\r\n", "\r\n\rx"));
    }

    @Test
    public void rejectsBrokenHeaderLines() {
        assertMalformed("header line without colon", head(REQUEST_LINE, FIELDS, "Subject"));
        assertMalformed("invalid character in header name", head(REQUEST_LINE, FIELDS, "Sub{ject}: x"));
        assertMalformed("invalid character in header name", head(REQUEST_LINE, FIELDS, "Sub ject: x"));
        assertMalformed("empty header name", head(REQUEST_LINE, FIELDS, ": x"));
        assertMalformed("NUL in header value", head(REQUEST_LINE, FIELDS, "Subject: a\u0000b"));
        assertMalformed("control character in header value", head(REQUEST_LINE, FIELDS, "Subject: a\u007fb"));
        assertMalformed("control character in header value", head(REQUEST_LINE, FIELDS, "Subject: a\u001bb"));
    }

    @Test
    public void readsToAndFromInEveryForm() {
        for (String to : List.of("To: <sip:bob@pbx.example.com>", "To: sip:bob@pbx.example.com",
                "To: sip:bob@pbx.example.com;tag=x", "To: sip:bob@pbx.example.com ;tag=x",
                "To: Bob Smith <sip:bob@pbx.example.com;user=phone> ; tag=x", "To: \"Bob <boss>\" <sip:pbx.example.com>",
                "To: \"say \\\"hi\\\"\"<sip:bob@pbx.example.com:5060;transport=tcp?subject=x>",
                "To: <sips:bob@pbx.example.com.>")) {
            assertEquals(to, "pbx.example.com", assertMatch(head(REQUEST_LINE, replaced(TO, to)))
                    .attribute("sip.to.host"));
        }
    }

    @Test
    public void acceptsToAndFromOfOtherSchemesWithoutAHost() {
        Facts facts = assertMatch(head(REQUEST_LINE, replaced(TO, "To: <tel:+12015550123>",
                FROM, "From: \"Anonymous\" <urn:x-anonymous:1>;tag=1")));
        assertNull(facts.attribute("sip.to.host"));
        assertNull(facts.attribute("sip.from.host"));
        assertNull(facts.attribute("sip.from.user"));
        assertEquals("pbx.example.com", facts.host());
    }

    @Test
    public void rejectsBrokenToAndFrom() {
        assertMalformed("To header: empty value", head(REQUEST_LINE, replaced(TO, "To:  ")));
        assertMalformed("To header: unterminated quoted display name",
                head(REQUEST_LINE, replaced(TO, "To: \"Bob <sip:bob@pbx.example.com>")));
        assertMalformed("To header: unterminated quoted display name",
                head(REQUEST_LINE, replaced(TO, "To: \"Bob\\\"")));
        assertMalformed("To header: quoted display name without <URI>",
                head(REQUEST_LINE, replaced(TO, "To: \"Bob\" sip:bob@pbx.example.com")));
        assertMalformed("To header: unterminated <URI>", head(REQUEST_LINE, replaced(TO, "To: <sip:bob@pbx.example.com")));
        assertMalformed("To header: junk after the URI",
                head(REQUEST_LINE, replaced(TO, "To: <sip:bob@pbx.example.com> tag=1")));
        assertMalformed("To header: junk after the URI", head(REQUEST_LINE, replaced(TO, "To: Bob sip:bob@pbx.example.com")));
        assertMalformed("To header: URI without a scheme", head(REQUEST_LINE, replaced(TO, "To: <bob@pbx.example.com>")));
        assertMalformed("To header: URI without a scheme", head(REQUEST_LINE, replaced(TO, "To: <1sip:bob@pbx.example.com>")));
        assertMalformed("From header: invalid IPv4 address",
                head(REQUEST_LINE, replaced(FROM, "From: <sip:alice@192.0.2.300>;tag=1")));
    }

    @Test
    public void rejectsBrokenCallIds() {
        assertMalformed("empty Call-ID", head(REQUEST_LINE, replaced(CALL_ID, "Call-ID:   ")));
        assertMalformed("whitespace in Call-ID", head(REQUEST_LINE, replaced(CALL_ID, "Call-ID: a b")));
    }

    @Test
    public void rejectsBrokenCSeqs() {
        for (String cseq : List.of("CSeq: INVITE", "CSeq: 1", "CSeq: 1INVITE", "CSeq: -1 INVITE", "CSeq: 2147483648 INVITE",
                "CSeq: 99999999999 INVITE", "CSeq:")) {
            assertMalformed(cseq, "CSeq is not a number below 2^31 and a method", head(REQUEST_LINE, replaced(CSEQ, cseq)));
        }
        assertMalformed("CSeq method differs from the request method",
                head(REQUEST_LINE, replaced(CSEQ, "CSeq: 1 REGISTER")));
        assertMalformed("CSeq method differs from the request method",
                head(REQUEST_LINE, replaced(CSEQ, "CSeq: 1 invite")));
        assertMalformed("CSeq method differs from the request method",
                head(REQUEST_LINE, replaced(CSEQ, "CSeq: 1 INVITE x")));
    }

    @Test
    public void acceptsTheLargestCSeq() {
        assertMatch(head(REQUEST_LINE, replaced(CSEQ, "CSeq: 2147483647 \t INVITE")));
    }

    @Test
    public void rejectsBrokenFirstVias() {
        for (String via : List.of("Via: SIP/2.1/UDP 192.0.2.1", "Via: SIPS/2.0/UDP 192.0.2.1", "Via: SIP/2.0 192.0.2.1",
                "Via: SIP 2.0/UDP 192.0.2.1", "Via: 192.0.2.1", "Via: SIP/2.0\\UDP 192.0.2.1")) {
            assertMalformed(via, "first Via does not start with SIP/2.0/", head(REQUEST_LINE, replaced(VIA, via)));
        }
        for (String via : List.of("Via: SIP/2.0/UDP", "Via: SIP/2.0/ 192.0.2.1", "Via: SIP/2.0/UDP;branch=1",
                "Via: SIP/2.0/")) {
            assertMalformed(via, "first Via has no transport and sent-by", head(REQUEST_LINE, replaced(VIA, via)));
        }
    }

    @Test
    public void readsTheTransportOfTheFirstViaOnly() {
        Facts facts = assertMatch(head(REQUEST_LINE, "Via: sip / 2.0 / tls client.example.com;branch=z9hG4bK1",
                "Via: junk", FROM, TO, CALL_ID, CSEQ));
        assertEquals("TLS", facts.attribute("sip.via.transport"));
        assertEquals("WSS", assertMatch(head(REQUEST_LINE, replaced(VIA, "v: SIP/2.0/wss x.invalid")))
                .attribute("sip.via.transport"));
        assertEquals("DTLS-SCTP", assertMatch(head(REQUEST_LINE, replaced(VIA, "Via: SIP/2.0/dtls-sctp 192.0.2.1")))
                .attribute("sip.via.transport"));
    }

    @Test
    public void rejectsBrokenContentLengths() {
        assertMalformed("empty Content-Length", head(REQUEST_LINE, replaced(CONTENT_LENGTH, "Content-Length: ")));
        assertMalformed("Content-Length is not a number", head(REQUEST_LINE, replaced(CONTENT_LENGTH, "l: bad")));
        assertMalformed("Content-Length is not a number", head(REQUEST_LINE, replaced(CONTENT_LENGTH, "l: -1")));
        assertMalformed("Content-Length is not a number", head(REQUEST_LINE, replaced(CONTENT_LENGTH, "l: 1 2")));
        assertMalformed("Content-Length is not a number",
                head(REQUEST_LINE, replaced(CONTENT_LENGTH, "l: 99999999999999999999999x")));
    }

    @Test
    public void rejectsContentLengthsThatDiffer() {
        assertMalformed("two Content-Length headers that differ", head(REQUEST_LINE, FIELDS, "l: 1"));
    }

    /** Policy: copies that agree frame the body alike, so they are accepted (leading zeros included). */
    @Test
    public void acceptsContentLengthsThatAgree() {
        assertEquals("0", assertMatch(head(REQUEST_LINE, FIELDS, "l: 000")).attribute("sip.content_length"));
    }

    @Test
    public void rejectsBodiesOver16MiB() {
        assertEquals("16777216", assertMatch(head(REQUEST_LINE, replaced(CONTENT_LENGTH, "Content-Length: 16777216")))
                .attribute("sip.content_length"));
        assertRejected("OVERSIZE: Content-Length over 16 MiB",
                head(REQUEST_LINE, replaced(CONTENT_LENGTH, "Content-Length: 16777217")));
        assertRejected("OVERSIZE: Content-Length over 16 MiB",
                head(REQUEST_LINE, replaced(CONTENT_LENGTH, "Content-Length: 99999999999999999999999999")));
    }

    // ---- limits and arrival ----

    @Test
    public void matchesAHeadOfExactlyTheLimit() {
        String head = headOfLength(RequestParser.MAX_HEAD_BYTES);
        assertEquals(RequestParser.MAX_HEAD_BYTES, head.length());
        assertMatch(head);
    }

    @Test
    public void rejectsAHeadOneByteOverTheLimit() {
        byte[] head = Sniffing.bytes(headOfLength(RequestParser.MAX_HEAD_BYTES + 1));
        assertEquals(Kind.NEED_MORE, SNIFFING.prefix(head, RequestParser.MAX_HEAD_BYTES - 1).kind());
        assertRejected("OVERSIZE: head longer than 16384 bytes", SNIFFING.prefix(head, RequestParser.MAX_HEAD_BYTES));
        assertRejected("OVERSIZE: head longer than 16384 bytes", SNIFFING.consistently(head));
    }

    @Test
    public void ignoresTheBody() {
        Facts facts = assertMatch(head(REQUEST_LINE, replaced(CONTENT_LENGTH, "Content-Length: 9")) + "v=0\r\n\u0000\u00ff");
        assertEquals("9", facts.attribute("sip.content_length"));
    }

    @Test
    public void slowHeadNeedsMoreUntilItsEmptyLine() {
        byte[] head = Sniffing.bytes(invite());
        SNIFFING.needsMoreUpTo(head, head.length - 1, 1);
        assertEquals(Kind.MATCH, SNIFFING.prefix(head, head.length).kind());
    }

    @Test
    public void decidesTheRequestLineBeforeTheHeadIsComplete() {
        assertRejected("UNSUPPORTED_VERSION: SIP version other than 2.0",
                SNIFFING.prefix(Sniffing.bytes("INVITE sip:a.example SIP/3.0\r\n"), 29));
        assertMalformed("Request-URI: empty user part", SNIFFING.prefix(Sniffing.bytes("INVITE sip:@ SIP/2.0\r\n"), 22));
    }

    @Test
    public void decidesAFieldAtItsLineEnd() {
        String head = REQUEST_LINE + "\r\n" + TO + "\r\n" + TO + "\r\n";
        assertMalformed("two To headers", SNIFFING.prefix(Sniffing.bytes(head), head.length()));
        assertEquals(Kind.NEED_MORE, SNIFFING.prefix(Sniffing.bytes(head), head.length() - 1).kind());
    }

    @Test
    public void emptyBufferNeedsMore() {
        assertEquals(Kind.NEED_MORE, SNIFFING.prefix(new byte[0], 0).kind());
    }

    @Test
    public void requestLinePrefixesNeedMore() {
        byte[] line = Sniffing.bytes(REQUEST_LINE + "\r\n");
        SNIFFING.needsMoreUpTo(line, line.length, 1);
    }

    // ---- bytes of other protocols ----

    @Test
    public void httpRequestsAreNotMine() {
        assertNotMineAfter("GET /", "GET /index.html HTTP/1.1\r\nHost: a.example\r\n\r\n");
        assertNotMineAfter("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: a.example\r\n\r\n");
        assertNotMineAfter("GET http:", "GET http://a.example/ HTTP/1.1\r\nHost: a.example\r\n\r\n");
        assertNotMineAfter("GET HTTPS:", "GET HTTPS://a.example/ HTTP/1.1\r\nHost: a.example\r\n\r\n");
        assertNotMineAfter("CONNECT a.example:443 H", "CONNECT a.example:443 HTTP/1.1\r\nHost: a.example\r\n\r\n");
    }

    /** The HTTP sniffer rejects these as broken HTTP; the SIP sniffer must not claim them as well. */
    @Test
    public void sipUriWithHttpVersionIsNotMine() {
        assertNotMineAfter("OPTIONS sip:a.example H", "OPTIONS sip:a.example HTTP/1.1\r\nHost: a.example\r\n\r\n");
        assertNotMineAfter("REGISTER /", "REGISTER / SIP/2.0\r\n");
    }

    @Test
    public void requestLinesWithoutSipVersionAreNotMine() {
        assertNotMineAfter("PROXY TCP4 1", "PROXY TCP4 192.0.2.1 192.0.2.2 40000 5060\r\n" + invite());
        assertNotMineAfter("INVITE sip:a.example\r", "INVITE sip:a.example\r\n");
        assertNotMineAfter("INVITE  sip:", "INVITE  sip:a.example SIP/2.0\r\n");
        assertNotMineAfter("INVITE sip:a.example  ", "INVITE sip:a.example  SIP/2.0\r\n");
        assertNotMineAfter("INVITE sip:a\t", "INVITE sip:a\tb SIP/2.0\r\n");
        assertNotMineAfter("INVITE sip:\u00e9", "INVITE sip:\u00e9.example SIP/2.0\r\n");
    }

    @Test
    public void binaryProtocolsAreNotMine() {
        assertNotMineAfter("\u0016", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003");
        assertNotMineAfter("0\u000c", "0\u000c\u0002\u0001\u0001`\u0007\u0002\u0001\u0003\u0004\u0000\u0080\u0000");
        assertNotMineAfter("\u0003", "\u0003\u0000\u0000\u00a0\u0008\u0002\u0000\u0001\u0005");
    }

    /** Policy: RFC 3261 7.5 lets a stream carry CRLFs before a message, but no client opens a connection with one. */
    @Test
    public void leadingEmptyLineIsNotMine() {
        assertNotMineAfter("\r", "\r\n" + invite());
    }

    @Test
    public void overlongMethodIsNotMine() {
        String method = "A".repeat(33);
        assertNotMineAfter(method, method + " sip:a.example SIP/2.0\r\n");
    }

    @Test
    public void overlongTargetOfAnotherSchemeIsNotMine() {
        String line = "GET x:" + "a".repeat(RequestParser.MAX_REQUEST_URI_END);
        assertNotMineAfter(line.substring(0, RequestParser.MAX_REQUEST_URI_END), line);
    }

    // ---- helpers ----

    private static String invite() {
        return head(REQUEST_LINE, FIELDS);
    }

    /** A head: the request line, the fields (strings, or lists of them, in order) and the empty line. */
    private static String head(String requestLine, Object... fields) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        for (Object field : fields) {
            for (Object line : field instanceof List ? (List<?>) field : List.of(field)) {
                head.append(line).append("\r\n");
            }
        }
        return head.append("\r\n").toString();
    }

    /** The standard fields, each {@code standard} of the pairs replaced by the {@code replacement} after it. */
    private static List<String> replaced(String... standardThenReplacement) {
        List<String> fields = new ArrayList<>(FIELDS);
        for (int k = 0; k < standardThenReplacement.length; k += 2) {
            fields.set(fields.indexOf(standardThenReplacement[k]), standardThenReplacement[k + 1]);
        }
        return fields;
    }

    /** A valid head of exactly {@code length} bytes, padded with a Subject header. */
    private static String headOfLength(int length) {
        String withoutPadding = head(REQUEST_LINE, FIELDS, "Subject: ");
        char[] padding = new char[length - withoutPadding.length()];
        Arrays.fill(padding, 's');
        return head(REQUEST_LINE, FIELDS, "Subject: " + new String(padding));
    }

    private static Facts assertMatch(String head) {
        SniffResult answer = sipOnly(head);
        assertEquals(Sniffing.describe(answer), Kind.MATCH, answer.kind());
        return answer.facts();
    }

    private static void assertMalformed(String detail, String head) {
        assertMalformed(null, detail, head);
    }

    private static void assertMalformed(String message, String detail, String head) {
        assertEquals(message, "reject MALFORMED: " + detail, Sniffing.describe(sipOnly(head)));
    }

    private static void assertMalformed(String detail, SniffResult answer) {
        assertEquals("reject MALFORMED: " + detail, Sniffing.describe(answer));
    }

    private static void assertRejected(String reasonAndDetail, String head) {
        assertRejected(reasonAndDetail, sipOnly(head));
    }

    private static void assertRejected(String reasonAndDetail, SniffResult answer) {
        assertEquals("reject " + reasonAndDetail, Sniffing.describe(answer));
    }

    /** The SIP sniffer's answer, after checking that the HTTP sniffer, asked on the same listener, claims nothing. */
    private static SniffResult sipOnly(String head) {
        byte[] bytes = Sniffing.bytes(head);
        // whole is enough: the HTTP sniffer's own tests hold it to the same answer on every prefix
        Kind http = HTTP.prefix(bytes, bytes.length).kind();
        assertTrue("HTTP sniffer answered " + http, http == Kind.NOT_MINE || http == Kind.NEED_MORE);
        return SNIFFING.consistently(bytes);
    }

    /** Not mine once {@code decidingPrefix} has arrived, and need-more before: let go as early as the bytes allow. */
    private static void assertNotMineAfter(String decidingPrefix, String bytes) {
        byte[] all = Sniffing.bytes(bytes);
        SniffResult whole = SNIFFING.consistently(all);
        assertEquals(Sniffing.describe(whole), Kind.NOT_MINE, whole.kind());
        int decided = decidingPrefix.length();
        assertEquals("after " + decided + " bytes", Kind.NOT_MINE, SNIFFING.prefix(all, decided).kind());
        if (decided > 1) {
            SNIFFING.needsMoreUpTo(all, decided - 1, 1);
        }
    }
}
