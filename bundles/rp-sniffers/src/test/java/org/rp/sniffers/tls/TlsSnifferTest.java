package org.rp.sniffers.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.rp.sniffers.tls.ClientHelloBuilder.ascii;
import static org.rp.sniffers.tls.ClientHelloBuilder.cat;
import static org.rp.sniffers.tls.ClientHelloBuilder.record;
import static org.rp.sniffers.tls.ClientHelloBuilder.refragmented;
import static org.rp.sniffers.tls.ClientHelloBuilder.u16;
import static org.rp.sniffers.tls.ClientHelloBuilder.u24;
import static org.rp.sniffers.tls.ClientHelloBuilder.u8;
import static org.rp.sniffers.tls.ClientHelloBuilder.vector16;
import static org.rp.sniffers.tls.ClientHelloBuilder.vector8;

import java.util.Arrays;
import java.util.List;

import org.junit.Test;
import org.rp.api.Facts;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.SniffResult.Kind;
import org.rp.sniffers.Corpus;
import org.rp.sniffers.Sniffing;

/**
 * Hand-made ClientHellos: every reject path (each must be rejected whole and arriving byte by byte), the limits on
 * both sides, hellos fragmented over records, and bytes that belong to other sniffers. Every input goes through
 * {@link Sniffing#consistently}, which also puts it at a non-zero position of a read-only buffer.
 */
public class TlsSnifferTest {
    private static final Sniffing SNIFFING = new Sniffing(new TlsSniffer());
    private static final int PADDING = 21;

    // ---- other protocols: decided from the first bytes ----

    @Test
    public void httpIsNotMineFromTheFirstByte() {
        assertNotMineFrom(1, ascii("GET / HTTP/1.1\r\nHost: a.example\r\n\r\n"));
    }

    @Test
    public void ldapIsNotMineFromTheFirstByte() {
        assertNotMineFrom(1, new byte[] {0x30, 0x0c, 0x02, 0x01, 0x01, 0x60, 0x07, 0x02, 0x01, 0x03, 0x04, 0x00});
    }

    @Test
    public void tpktIsNotMineFromTheFirstByte() {
        assertNotMineFrom(1, new byte[] {0x03, 0x00, 0x00, (byte) 0xa0, 0x08, 0x02, 0x00, 0x01, 0x05});
    }

    @Test
    public void contentTypeBelowChangeCipherSpecIsNotMine() {
        assertNotMineFrom(1, new byte[] {0x13, 0x03, 0x01, 0x00, 0x10});
    }

    @Test
    public void handshakeByteWithoutSslMajorVersionIsNotMine() {
        assertNotMineFrom(2, new byte[] {0x16, 0x02, 0x01, 0x00, 0x10});
    }

    @Test
    public void unknownRecordMinorVersionIsNotMine() {
        assertNotMineFrom(3, new byte[] {0x16, 0x03, 0x05, 0x00, 0x10});
    }

    @Test
    public void highBitBytesWithoutSsl2HelloAreNotMine() {
        // record length below the CLIENT-HELLO's fixed fields
        assertNotMineFrom(2, new byte[] {(byte) 0x80, 0x08, 0x01, 0x00, 0x02});
        // message type other than CLIENT-HELLO
        assertNotMineFrom(3, new byte[] {(byte) 0x80, 0x2e, 0x02, 0x00, 0x02});
        // version major neither 0 nor 3
        assertNotMineFrom(4, new byte[] {(byte) 0x80, 0x2e, 0x01, 0x01, 0x02});
        assertNotMineFrom(5, new byte[] {(byte) 0x80, 0x2e, 0x01, 0x00, 0x03});
        assertNotMineFrom(5, new byte[] {(byte) 0x80, 0x2e, 0x01, 0x03, 0x05});
    }

    @Test
    public void emptyBufferNeedsMore() {
        assertEquals(Kind.NEED_MORE, SNIFFING.prefix(new byte[0], 0).kind());
    }

    // ---- SSL 2.0 and 3.0 ----

    @Test
    public void rejectsSsl2HelloFromItsFirstFiveBytes() {
        byte[] hello = corpus("sslv2_clienthello");
        SNIFFING.needsMoreUpTo(hello, 4, 1);
        assertEquals("reject UNSUPPORTED_VERSION: SSL 2.0 ClientHello", Sniffing.describe(SNIFFING.prefix(hello, 5)));
        assertRejected(RejectReason.UNSUPPORTED_VERSION, "SSL 2.0 ClientHello", hello);
    }

    /** Policy: the SSL 2.0 format is refused even when it offers TLS (RFC 5246 E.2 made it optional). */
    @Test
    public void rejectsSsl2FormatHelloOfferingTls() {
        byte[] hello = {(byte) 0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10};
        assertRejected(RejectReason.UNSUPPORTED_VERSION, "SSL 2.0 ClientHello", hello);
    }

    @Test
    public void rejectsSsl3Hello() {
        byte[] hello = new ClientHelloBuilder().clientVersion(0x0300).recordVersion(0x0300)
                .extensionsBlock(new byte[0]).record();
        assertRejected(RejectReason.UNSUPPORTED_VERSION, "SSL 3.0 is the highest version offered", hello);
    }

    @Test
    public void rejectsSupportedVersionsOfferingOnlySsl3() {
        byte[] hello = helloFor("a.example").supportedVersions(0x0300).record();
        assertRejected(RejectReason.UNSUPPORTED_VERSION, "SSL 3.0 is the highest version offered", hello);
    }

    @Test
    public void rejectsSupportedVersionsOfOnlyGrease() {
        byte[] hello = helloFor("a.example").supportedVersions(0x1a1a).record();
        assertRejected(RejectReason.UNSUPPORTED_VERSION, "no SSL 3.0 or TLS version offered", hello);
    }

    /** RFC 8446 4.2.1: with supported_versions, client_version does not count. */
    @Test
    public void supportedVersionsOverruleClientVersion() {
        Facts facts = assertMatch(helloFor("a.example").clientVersion(0x0300).supportedVersions(0x0304).record());
        assertEquals("0x0300", facts.attribute("tls.handshake.version"));
        assertEquals("0x0304", facts.attribute("tls.supported_versions"));
    }

    /** Policy: TLS 1.0 is reported, not refused; whether to serve it is decided where TLS is terminated. */
    @Test
    public void reportsTls10Hello() {
        Facts facts = assertMatch(helloFor("a.example").clientVersion(0x0301).record());
        assertEquals("0x0301", facts.attribute("tls.handshake.version"));
        assertNull(facts.attribute("tls.supported_versions"));
    }

    @Test
    public void acceptsSsl3RecordVersionOfTlsHello() {
        assertMatch(helloFor("a.example").recordVersion(0x0300).record());
    }

    @Test
    public void rejectsClientVersionOfAnotherMajor() {
        assertMalformed("client_version 0x0203 is neither SSL 3.0 nor TLS",
                helloFor("a.example").clientVersion(0x0203).record());
    }

    // ---- record layer ----

    @Test
    public void rejectsApplicationDataFirstFromThreeBytes() {
        byte[] bytes = record(23, 0x0303, new byte[40]);
        assertEquals(Kind.NEED_MORE, SNIFFING.prefix(bytes, 2).kind());
        assertEquals(Kind.REJECT, SNIFFING.prefix(bytes, 3).kind());
        assertMalformed("first record is application_data (23), not handshake", bytes);
    }

    @Test
    public void rejectsAlertFirst() {
        assertMalformed("first record is alert (21), not handshake", record(21, 0x0301, new byte[] {2, 40}));
    }

    @Test
    public void rejectsEmptyFirstRecord() {
        assertMalformed("empty handshake record", cat(record(22, 0x0301, new byte[0]), helloFor("a.example").record()));
    }

    @Test
    public void rejectsRecordOver2To14FromItsHeader() {
        byte[] header = {0x16, 0x03, 0x01, 0x40, 0x01};
        assertRejected(RejectReason.OVERSIZE, "record of 16385 bytes (at most 2^14)", header);
    }

    @Test
    public void acceptsRecordOf2To14() {
        byte[] hello = helloOfLength(16380).record();
        assertEquals(5 + 16384, hello.length);
        assertMatch(hello);
    }

    @Test
    public void acceptsLargestHelloOverTwoRecords() {
        byte[] hello = helloOfLength(16384).records(16384);
        assertEquals(5 + 16384 + 5 + 4, hello.length);
        assertEquals("a.example", assertMatch(hello).sni());
    }

    @Test
    public void rejectsHelloOver16384FromItsHeader() {
        byte[] hello = helloOfLength(16385).records(16384);
        assertEquals(Kind.REJECT, SNIFFING.prefix(hello, 9).kind());
        assertRejected(RejectReason.OVERSIZE, "ClientHello of 16385 bytes (at most 16384)", hello);
    }

    @Test
    public void rejectsOtherHandshakeTypeFromItsFirstByte() {
        byte[] hello = helloFor("a.example").handshakeType(2).record();
        assertEquals(Kind.REJECT, SNIFFING.prefix(hello, 6).kind());
        assertMalformed("first handshake message is of type 2, not ClientHello (1)", hello);
    }

    /** Firewalls that read SNI from the first record only are evaded this way; the hello is one message. */
    @Test
    public void readsHelloFragmentedOverRecords() {
        byte[] whole = corpus("lo_curl_pbx.example.com");
        String facts = assertMatch(whole).toString();
        for (int fragmentLength : new int[] {1, 2, 3, 4, 5, 100, 511}) {
            Facts fragmented = assertMatch(refragmented(whole, fragmentLength));
            assertEquals("fragments of " + fragmentLength, facts, fragmented.toString());
        }
    }

    @Test
    public void rejectsOtherContentTypeBetweenFragments() {
        byte[] bytes = refragmented(corpus("lo_curl_pbx.example.com"), 100);
        bytes[105] = 23;
        assertMalformed("record of content type 23 inside the ClientHello", bytes);
    }

    @Test
    public void rejectsUnknownVersionOfLaterRecord() {
        byte[] bytes = refragmented(corpus("lo_curl_pbx.example.com"), 100);
        bytes[107] = 5;
        assertMalformed("record version 0x0305 inside the ClientHello", bytes);
    }

    @Test
    public void rejectsEmptyLaterRecord() {
        byte[] bytes = refragmented(corpus("lo_curl_pbx.example.com"), 100);
        byte[] withEmpty = cat(Arrays.copyOf(bytes, 105), record(22, 0x0301, new byte[0]),
                Arrays.copyOfRange(bytes, 105, bytes.length));
        assertMalformed("empty handshake record", withEmpty);
    }

    @Test
    public void rejectsLaterRecordOver2To14() {
        byte[] bytes = refragmented(corpus("lo_curl_pbx.example.com"), 100);
        bytes[108] = 0x40;
        bytes[109] = 0x01;
        assertRejected(RejectReason.OVERSIZE, "record of 16385 bytes (at most 2^14)", bytes);
    }

    @Test
    public void rejectsRecordContinuingAfterTheHello() {
        byte[] message = helloFor("a.example").message();
        assertMalformed("handshake record continues after the ClientHello",
                record(22, 0x0301, cat(message, new byte[] {20, 0, 0, 12})));
    }

    @Test
    public void ignoresRecordsAfterTheHello() {
        byte[] hello = helloFor("a.example").record();
        byte[] changeCipherSpec = record(20, 0x0303, new byte[] {1});
        byte[] earlyData = record(23, 0x0303, new byte[] {(byte) 0xff, 0, 0x7f});
        assertEquals("a.example", assertMatch(cat(hello, changeCipherSpec, earlyData, new byte[] {0})).sni());
    }

    // ---- client_version to compression methods ----

    @Test
    public void rejectsHelloEndingInsideClientVersion() {
        assertMalformed("ClientHello ends inside its client_version", record(22, 0x0301, new byte[] {1, 0, 0, 1, 3}));
    }

    @Test
    public void rejectsHelloEndingBeforeSessionId() {
        byte[] message = cat(u8(1), u24(34), u16(0x0303), ClientHelloBuilder.RANDOM);
        assertMalformed("ClientHello ends inside its session id", record(22, 0x0301, message));
    }

    @Test
    public void rejectsSessionIdOver32Bytes() {
        assertMalformed("session id of 33 bytes (at most 32)", helloFor("a.example").sessionId(33).record());
    }

    @Test
    public void acceptsEmptySessionId() {
        assertMatch(helloFor("a.example").sessionId(0).record());
    }

    @Test
    public void rejectsEmptyCipherSuites() {
        assertMalformed("cipher suites of 0 bytes (a non-empty list of 2-byte values)",
                helloFor("a.example").cipherSuites(vector16()).record());
    }

    @Test
    public void rejectsOddCipherSuites() {
        assertMalformed("cipher suites of 3 bytes (a non-empty list of 2-byte values)",
                helloFor("a.example").cipherSuites(vector16(u16(0x1301), u8(0xc0))).record());
    }

    @Test
    public void rejectsCipherSuitesOverrunningTheHello() {
        byte[] hello = new ClientHelloBuilder().cipherSuites(cat(u16(0x1000), u16(0x1301)))
                .compressionMethods(new byte[0]).extensionsBlock(new byte[0]).record();
        assertMalformed("ClientHello ends inside its cipher suites", hello);
    }

    @Test
    public void rejectsHelloEndingBeforeCompressionMethods() {
        byte[] hello = new ClientHelloBuilder().compressionMethods(new byte[0]).extensionsBlock(new byte[0]).record();
        assertMalformed("ClientHello ends inside its compression methods", hello);
    }

    @Test
    public void rejectsNoCompressionMethods() {
        assertMalformed("no compression methods", helloFor("a.example").compressionMethods(vector8()).record());
    }

    @Test
    public void rejectsCompressionMethodsOverrunningTheHello() {
        byte[] hello = new ClientHelloBuilder().compressionMethods(cat(u8(5), u8(0))).extensionsBlock(new byte[0])
                .record();
        assertMalformed("ClientHello ends inside its compression methods", hello);
    }

    /** Before TLS 1.2 a hello may end after its compression methods (RFC 5246 7.4.1.2). */
    @Test
    public void matchesHelloWithoutExtensions() {
        Facts facts = assertMatch(new ClientHelloBuilder().clientVersion(0x0301).extensionsBlock(new byte[0]).record());
        assertEquals(Protocol.TLS, facts.protocol());
        assertNull(facts.host());
        assertNull(facts.sni());
        assertEquals(List.of(), facts.alpn());
        assertEquals("0x0301", facts.attribute("tls.handshake.version"));
    }

    // ---- extensions block ----

    @Test
    public void rejectsOneByteAfterCompressionMethods() {
        assertMalformed("ClientHello ends inside its extensions length",
                new ClientHelloBuilder().extensionsBlock(u8(0)).record());
    }

    @Test
    public void rejectsExtensionsLongerThanTheRest() {
        assertMalformed("extensions of 10 bytes in the 4 bytes left of the ClientHello",
                new ClientHelloBuilder().extensionsBlock(cat(u16(10), u16(PADDING), u16(0))).record());
    }

    @Test
    public void rejectsExtensionsShorterThanTheRest() {
        assertMalformed("extensions of 0 bytes in the 4 bytes left of the ClientHello",
                new ClientHelloBuilder().extensionsBlock(cat(u16(0), u16(PADDING), u16(0))).record());
    }

    @Test
    public void rejectsExtensionHeaderCutShort() {
        assertMalformed("ClientHello ends inside its extension header",
                new ClientHelloBuilder().extensionsBlock(vector16(u16(PADDING), u8(0))).record());
    }

    @Test
    public void rejectsExtensionOverrunningTheBlock() {
        assertMalformed("extension 0x0015 of 10 bytes in the 2 bytes left of the extensions",
                new ClientHelloBuilder().extensionsBlock(vector16(u16(PADDING), u16(10), u16(0))).record());
    }

    @Test
    public void rejectsDuplicateExtension() {
        assertMalformed("extension 0x0015 twice",
                helloFor("a.example").extension(PADDING, new byte[2]).extension(PADDING, new byte[0]).record());
    }

    /** Servers and filters disagree on which of two SNIs counts; rp routes by neither. */
    @Test
    public void rejectsTwoServerNameExtensions() {
        assertMalformed("extension 0x0000 twice", helloFor("a.example").serverName("b.example").record());
    }

    @Test
    public void rejectsDuplicateExtensionOfHighType() {
        assertMalformed("extension 0xfe0d twice",
                helloFor("a.example").extension(0xfe0d, new byte[1]).extension(0xfe0d, new byte[1]).record());
        assertMalformed("extension 0x1000 twice", helloWithExtensions(20).extension(0x1000, new byte[0]).record());
        assertMalformed("extension 0x1012 twice", helloWithExtensions(20).extension(0x1012, new byte[0]).record());
    }

    @Test
    public void tellsTypesApartThatShareLowBits() {
        assertMatch(helloFor("a.example").extension(PADDING, new byte[0]).extension(PADDING + 64, new byte[0])
                .extension(PADDING + 0x4000, new byte[0]).record());
    }

    @Test
    public void acceptsUpTo64Extensions() {
        assertMatch(helloWithExtensions(ClientHelloParser.MAX_EXTENSIONS).record());
        assertMalformed("more than 64 extensions", helloWithExtensions(ClientHelloParser.MAX_EXTENSIONS + 1).record());
    }

    @Test
    public void rejectsDuplicateExtensionBeforeTheHelloIsComplete() {
        byte[] hello = helloFor("a.example").extension(PADDING, new byte[0]).extension(PADDING, new byte[0])
                .extension(0x1234, new byte[200]).record();
        assertEquals(Kind.REJECT, SNIFFING.prefix(hello, hello.length - 200).kind());
    }

    // ---- server_name ----

    @Test
    public void lowerCasesSniAndDropsTrailingDot() {
        Facts facts = assertMatch(helloFor("PBX.Example.COM.").record());
        assertEquals("pbx.example.com", facts.sni());
        assertEquals("pbx.example.com", facts.host());
    }

    @Test
    public void acceptsUnderscoreHyphenAndDigits() {
        assertEquals("_sip._tls-1.example.com", assertMatch(helloFor("_sip._tls-1.example.com").record()).sni());
    }

    @Test
    public void acceptsLabelOf63Characters() {
        String label = "a".repeat(63);
        assertEquals(label + ".example", assertMatch(helloFor(label + ".example").record()).sni());
        assertMalformed("label longer than 63 characters in host_name", helloFor("a" + label + ".example").record());
    }

    @Test
    public void acceptsNameOf253Characters() {
        String name = nameOfLength(253);
        assertEquals(name, assertMatch(helloFor(name).record()).sni());
        assertEquals(name, assertMatch(helloFor(name + ".").record()).sni());
        assertMalformed("host_name of 254 characters (at most 253)", helloFor(nameOfLength(254)).record());
    }

    @Test
    public void rejectsEmptyHostName() {
        assertMalformed("empty host_name", helloFor("").record());
    }

    @Test
    public void rejectsEmptyLabels() {
        for (String name : new String[] {".", "..", ".example.com", "a..example.com", "example.com.."}) {
            assertMalformed("empty label in host_name", helloFor(name).record());
        }
    }

    @Test
    public void rejectsNulInHostName() {
        assertMalformed("invalid character 0x0 in host_name", helloFor("pbx.example.com\0.evil.example").record());
    }

    @Test
    public void rejectsJunkAroundAndInHostName() {
        assertMalformed("invalid character 0x20 in host_name", helloFor(" pbx.example.com").record());
        assertMalformed("invalid character 0x20 in host_name", helloFor("pbx.example.com ").record());
        assertMalformed("invalid character 0x2a in host_name", helloFor("*.example.com").record());
        assertMalformed("invalid character 0x25 in host_name", helloFor("pbx%2eexample.com").record());
        assertMalformed("invalid character 0x3a in host_name", helloFor("pbx.example.com:443").record());
        assertMalformed("invalid character 0xc3 in host_name", helloFor("caf\u00c3\u00a9.example").record());
    }

    /** RFC 6066 3: literal addresses are not allowed; a numeric top label makes no DNS name anyway. */
    @Test
    public void rejectsAddressAsHostName() {
        String detail = "host_name ending in a numeric label (IP addresses are not allowed in SNI)";
        assertMalformed(detail, helloFor("192.0.2.1").record());
        assertMalformed(detail, helloFor("example.123.").record());
        assertMalformed("invalid character 0x3a in host_name", helloFor("2001:db8::1").record());
    }

    @Test
    public void acceptsDigitsInLastLabelWithLetters() {
        assertEquals("host.1a", assertMatch(helloFor("host.1a").record()).sni());
    }

    @Test
    public void rejectsServerNameWithoutList() {
        assertMalformed("server_name list without its length", serverNameData(u8(0)));
    }

    @Test
    public void rejectsEmptyServerNameList() {
        assertMalformed("empty server_name list", serverNameData(u16(0)));
    }

    @Test
    public void rejectsServerNameListOfWrongLength() {
        assertMalformed("server_name list of 9 bytes in an extension of 9",
                serverNameData(cat(u16(9), u8(0), vector16(ascii("a.bc")))));
    }

    @Test
    public void rejectsServerNameEntryCutShort() {
        assertMalformed("server_name entry cut short", serverNameData(vector16(u8(0), u8(0))));
    }

    @Test
    public void rejectsOtherServerNameType() {
        assertMalformed("server_name of type 1, not host_name (0)",
                serverNameData(vector16(u8(1), vector16(ascii("a.example")))));
    }

    /** Policy, as OpenSSL: one host_name and nothing else, so no server reads another name than rp routed by. */
    @Test
    public void rejectsTwoNamesInServerName() {
        assertMalformed("more than one name in server_name",
                serverNameData(vector16(u8(0), vector16(ascii("a.example")), u8(0), vector16(ascii("b.example")))));
    }

    @Test
    public void rejectsHostNameOverrunningItsList() {
        assertMalformed("host_name overruns server_name",
                serverNameData(vector16(u8(0), u16(20), ascii("a.example"))));
    }

    // ---- ALPN ----

    @Test
    public void keepsAlpnOrderAndBytes() {
        Facts facts = assertMatch(helloFor("a.example").alpn("http/1.1", "acme-tls/1", "h2", "\n\n\u00ff").record());
        assertEquals(List.of("http/1.1", "acme-tls/1", "h2", "\n\n\u00ff"), facts.alpn());
    }

    @Test
    public void rejectsEmptyAlpnList() {
        assertMalformed("empty ALPN list", helloFor("a.example").extension(16, u16(0)).record());
    }

    @Test
    public void rejectsAlpnWithoutList() {
        assertMalformed("ALPN list without its length", helloFor("a.example").extension(16, u8(2)).record());
    }

    @Test
    public void rejectsEmptyAlpnName() {
        assertMalformed("empty ALPN protocol name",
                helloFor("a.example").extension(16, vector16(vector8(ascii("h2")), u8(0))).record());
    }

    @Test
    public void rejectsAlpnNameOverrunningItsList() {
        assertMalformed("ALPN protocol name overruns its list",
                helloFor("a.example").extension(16, vector16(u8(3), ascii("h2"))).record());
    }

    @Test
    public void rejectsAlpnListOfWrongLength() {
        assertMalformed("ALPN list of 47241 bytes in an extension of 11", corpus("invalid_reads_malformed"));
    }

    @Test
    public void acceptsUpTo32AlpnNames() {
        String[] names = new String[ClientHelloParser.MAX_ALPN_NAMES + 1];
        Arrays.fill(names, "x");
        assertEquals(32, assertMatch(helloFor("a.example").alpn(Arrays.copyOf(names, 32)).record()).alpn().size());
        assertMalformed("more than 32 ALPN protocol names", helloFor("a.example").alpn(names).record());
    }

    // ---- supported_versions and ECH ----

    @Test
    public void listsSupportedVersionsWithoutGrease() {
        Facts facts = assertMatch(helloFor("a.example").supportedVersions(0x5a5a, 0x0304, 0x7f1c, 0x0a1a, 0x0303)
                .record());
        assertEquals("0x0304|0x7f1c|0x0a1a|0x0303", facts.attribute("tls.supported_versions"));
    }

    /** Lists that pack into the same 64 bits as a common one must not be shown as it. */
    @Test
    public void tellsSupportedVersionsApartFromCommonListsOfOtherLength() {
        assertEquals("0x0000|0x0304|0x0303", assertMatch(helloFor("a.example")
                .supportedVersions(0x0000, 0x0304, 0x0303).record()).attribute("tls.supported_versions"));
        Facts fiveVersions = assertMatch(helloFor("a.example").supportedVersions(0x7f1c, 0x0304, 0x0303, 0x0302, 0x0301)
                .record());
        assertEquals("0x7f1c|0x0304|0x0303|0x0302|0x0301", fiveVersions.attribute("tls.supported_versions"));
    }

    @Test
    public void rejectsSupportedVersionsWithoutList() {
        assertMalformed("supported_versions list without its length",
                helloFor("a.example").extension(43, new byte[0]).record());
    }

    @Test
    public void rejectsEmptySupportedVersions() {
        assertMalformed("empty supported_versions list", helloFor("a.example").extension(43, u8(0)).record());
    }

    @Test
    public void rejectsOddSupportedVersions() {
        assertMalformed("supported_versions list of 3 bytes (2-byte versions)",
                helloFor("a.example").extension(43, vector8(u16(0x0304), u8(3))).record());
    }

    @Test
    public void rejectsSupportedVersionsOfWrongLength() {
        assertMalformed("supported_versions list of 4 bytes in an extension of 3",
                helloFor("a.example").extension(43, cat(u8(4), u16(0x0304))).record());
    }

    @Test
    public void reportsEncryptedClientHello() {
        assertEquals("true", assertMatch(helloFor("a.example").extension(0xfe0d, new byte[8]).record())
                .attribute("tls.ech"));
        assertNull(assertMatch(helloFor("a.example").record()).attribute("tls.ech"));
    }

    // ---- how the sniffer is called ----

    @Test
    public void slowHelloNeedsMoreUntilComplete() {
        byte[] hello = corpus("chrome125_x25519kyber_2segments");
        SNIFFING.needsMoreUpTo(hello, hello.length - 1, 1);
        assertEquals(Kind.MATCH, SNIFFING.prefix(hello, hello.length).kind());
    }

    @Test
    public void rejectsSessionIdBeforeTheHelloIsComplete() {
        byte[] hello = helloFor("a.example").sessionId(33).record();
        assertEquals(Kind.REJECT, SNIFFING.prefix(hello, 5 + 4 + 2 + 32 + 1).kind());
    }

    @Test
    public void readsOnlyTheHello() {
        byte[] hello = helloFor("a.example").record();
        byte[] followed = cat(hello, new byte[] {(byte) 0xff, 0x16, 0x03});
        assertEquals(assertMatch(hello).toString(), assertMatch(followed).toString());
    }

    // ---- helpers ----

    private static ClientHelloBuilder helloFor(String hostName) {
        return new ClientHelloBuilder().serverName(hostName);
    }

    /** A hello for a.example whose message body is {@code length} bytes, filled up with a padding extension. */
    private static ClientHelloBuilder helloOfLength(int length) {
        int withoutPadding = helloFor("a.example").body().length;
        return helloFor("a.example").extension(PADDING, new byte[length - withoutPadding - 4]);
    }

    private static ClientHelloBuilder helloWithExtensions(int count) {
        ClientHelloBuilder hello = helloFor("a.example");
        for (int type = 0x1000; type < 0x1000 + count - 1; type++) {
            hello.extension(type, new byte[0]);
        }
        return hello;
    }

    private static byte[] serverNameData(byte[] data) {
        return new ClientHelloBuilder().extension(0, data).record();
    }

    /** Labels of 63 characters, the last one cut: for 253 and 254, a name with no empty or overlong label. */
    private static String nameOfLength(int length) {
        String label = "a".repeat(63);
        return String.join(".", label, label, label, label).substring(0, length);
    }

    private static byte[] corpus(String name) {
        return Corpus.samplesOf("tls").stream().filter(s -> s.file().equals("corpus/tls/" + name + ".bin"))
                .findFirst().orElseThrow().bytes();
    }

    private static void assertRejected(RejectReason reason, String detail, byte[] bytes) {
        assertEquals("reject " + reason + ": " + detail, Sniffing.describe(SNIFFING.consistently(bytes)));
    }

    private static void assertMalformed(String detail, byte[] bytes) {
        assertRejected(RejectReason.MALFORMED, detail, bytes);
    }

    private static Facts assertMatch(byte[] bytes) {
        SniffResult answer = SNIFFING.consistently(bytes);
        assertEquals(Sniffing.describe(answer), Kind.MATCH, answer.kind());
        return answer.facts();
    }

    /** Asserts that the first {@code decidedAfter} bytes already answer not-mine, and so do all of them. */
    private static void assertNotMineFrom(int decidedAfter, byte[] bytes) {
        SNIFFING.needsMoreUpTo(bytes, decidedAfter - 1, 1);
        assertEquals(Kind.NOT_MINE, SNIFFING.prefix(bytes, decidedAfter).kind());
        assertEquals(Kind.NOT_MINE, SNIFFING.consistently(bytes).kind());
    }
}
