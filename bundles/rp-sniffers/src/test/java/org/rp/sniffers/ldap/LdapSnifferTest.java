package org.rp.sniffers.ldap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.rp.sniffers.ldap.BerEncoder.BIND_REQUEST;
import static org.rp.sniffers.ldap.BerEncoder.CONTROLS;
import static org.rp.sniffers.ldap.BerEncoder.OCTET_STRING;
import static org.rp.sniffers.ldap.BerEncoder.SASL;
import static org.rp.sniffers.ldap.BerEncoder.bind;
import static org.rp.sniffers.ldap.BerEncoder.concat;
import static org.rp.sniffers.ldap.BerEncoder.extended;
import static org.rp.sniffers.ldap.BerEncoder.hex;
import static org.rp.sniffers.ldap.BerEncoder.integer;
import static org.rp.sniffers.ldap.BerEncoder.message;
import static org.rp.sniffers.ldap.BerEncoder.octetString;
import static org.rp.sniffers.ldap.BerEncoder.repeat;
import static org.rp.sniffers.ldap.BerEncoder.rootDseSearch;
import static org.rp.sniffers.ldap.BerEncoder.sasl;
import static org.rp.sniffers.ldap.BerEncoder.simple;
import static org.rp.sniffers.ldap.BerEncoder.simpleBind;
import static org.rp.sniffers.ldap.BerEncoder.tlv;
import static org.rp.sniffers.ldap.BerEncoder.utf8;


import org.junit.Test;
import org.rp.api.Facts;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.SniffResult.Kind;
import org.rp.sniffers.Sniffing;

/**
 * Hand-made first messages: every reject the sniffer can give, the edges of what it accepts, the facts it reports,
 * and bytes that belong to other sniffers. Every message goes through {@link Sniffing#consistently}, so each is
 * also checked arriving byte by byte and 7 bytes at a time.
 */
public class LdapSnifferTest {
    private static final Sniffing SNIFFING = new Sniffing(new LdapSniffer());
    private static final byte[] STARTTLS = message(1, extended("1.3.6.1.4.1.1466.20037"));

    // ---- what is not LDAP ----

    @Test
    public void httpIsNotMine() {
        assertNotMine(Sniffing.bytes("GET / HTTP/1.1\r\nHost: a.example\r\n\r\n"));
    }

    @Test
    public void sipIsNotMine() {
        assertNotMine(Sniffing.bytes("INVITE sip:alice@example.com SIP/2.0\r\n"));
    }

    @Test
    public void tlsClientHelloIsNotMine() {
        assertNotMine(hex("16 03 01 02 00 01 00 01 fc 03 03"));
    }

    @Test
    public void tpktIsNotMine() {
        assertNotMine(hex("03 00 00 a0 08 02 00 01 05"));
    }

    /** Policy: rp takes no PROXY header from its clients, so a bind behind one is left unclaimed. */
    @Test
    public void proxyV1LineIsNotMine() {
        assertNotMine(concat(Sniffing.bytes("PROXY TCP4 192.0.2.1 192.0.2.2 40000 389\r\n"), simpleBind("")));
    }

    @Test
    public void proxyV2SignatureIsNotMine() {
        assertNotMine(concat(hex("0d 0a 0d 0a 00 0d 0a 51 55 49 54 0a 21 11 00 0c"), simpleBind("")));
    }

    @Test
    public void textStartingWithZeroIsNotMineAtItsThirdByte() {
        byte[] text = Sniffing.bytes("0 OK ready\r\n");
        assertEquals(Kind.NOT_MINE, SNIFFING.prefix(text, 3).kind());
        assertNotMine(text);
    }

    @Test
    public void sequenceNotStartingWithAnIntegerIsNotMine() {
        assertNotMine(tlv(0x30, octetString("public"), integer(1)));
    }

    @Test
    public void longFormSequenceNotStartingWithAnIntegerIsNotMineAtItsFifthByte() {
        byte[] bytes = tlv(0x30, octetString(new String(repeat('a', 300))));
        assertEquals(Kind.NEED_MORE, SNIFFING.prefix(bytes, 4).kind());
        assertEquals(Kind.NOT_MINE, SNIFFING.prefix(bytes, 5).kind());
    }

    @Test
    public void nothingYetNeedsMore() {
        SNIFFING.needsMoreUpTo(new byte[0], 0, 1);
        assertEquals(Kind.NEED_MORE, SNIFFING.prefix(hex("30"), 1).kind());
    }

    // ---- size limits ----

    @Test
    public void rejectsOversizeFromTheLengthOctetsAlone() {
        byte[] header = hex("30 82 40 01");
        SNIFFING.needsMoreUpTo(header, 3, 1);
        assertReject(RejectReason.OVERSIZE, "LDAPMessage of 16385 bytes (at most 16384)", header);
    }

    @Test
    public void rejectsTwoGibibyteLengthAtTheSixthByte() {
        byte[] header = hex("30 84 7f ff ff ff");
        SNIFFING.needsMoreUpTo(header, 5, 1);
        assertReject(RejectReason.OVERSIZE, "LDAPMessage of 2147483647 bytes (at most 16384)", header);
    }

    @Test
    public void rejectsFourGibibyteLengthAsOversize() {
        assertReject(RejectReason.OVERSIZE, "LDAPMessage of 4294967295 bytes (at most 16384)", hex("30 84 ff ff ff ff"));
    }

    @Test
    public void matchesMessageOfExactlyTheLimit() {
        // a search whose contents the sniffer does not look into, padded so that the message holds 16384 bytes
        byte[] idAndHeader = concat(integer(1), hex("63 82 3f f9"));
        byte[] bytes = concat(hex("30 82 40 00"), idAndHeader, new byte[16384 - idAndHeader.length]);
        assertEquals(16388, bytes.length);
        SNIFFING.needsMoreUpTo(bytes, bytes.length - 1, 997);
        assertEquals("3", assertMatch(bytes).attribute("ldap.op"));
    }

    @Test
    public void matchesBindNameOfExactlyTheLimit() {
        String name = "cn=" + new String(repeat('a', 1024 - "cn=,dc=example,dc=com".length())) + ",dc=example,dc=com";
        Facts facts = assertMatch(simpleBind(name));
        assertEquals(name, facts.bindName());
        assertEquals("example.com", facts.host());
    }

    @Test
    public void rejectsBindNameOverTheLimitBeforeItArrives() {
        byte[] bytes = simpleBind("cn=" + new String(repeat('a', 1022)));
        String detail = "bind name longer than 1024 bytes";
        assertReject(RejectReason.OVERSIZE, detail, bytes);
        // decided from the name's length octets: message header 4, messageID 3, op header 4, version 3, name header 4
        assertEquals("reject OVERSIZE: " + detail, Sniffing.describe(SNIFFING.prefix(bytes, 18)));
    }

    @Test
    public void rejectsOidOverTheLimit() {
        String oid = "1." + "1.".repeat(63) + "1";
        assertEquals(129, oid.length());
        assertReject(RejectReason.OVERSIZE, "requestName longer than 128 bytes", message(1, extended(oid)));
    }

    // ---- BER ----

    @Test
    public void rejectsIndefiniteMessageLength() {
        assertMalformed("LDAPMessage has an indefinite length", hex("30 80 02 01 01 42 00 00 00"));
    }

    @Test
    public void rejectsIndefiniteOperationLength() {
        assertMalformed("protocolOp has an indefinite length", hex("30 0c 02 01 01 60 80 02 01 03 04 00 80 00"));
    }

    @Test
    public void rejectsMoreThanFourLengthOctets() {
        assertMalformed("LDAPMessage has more than 4 length octets", hex("30 85 00 00 00 00 0c"));
    }

    @Test
    public void acceptsNonMinimalLengths() {
        // as Active Directory writes them: four length octets whatever the length
        byte[] bytes = hex("30 84 00 00 00 10 02 01 01 60 84 00 00 00 07 02 01 03 04 00 80 00");
        Facts facts = assertMatch(bytes);
        assertNull(facts.bindName());
        assertEquals("simple", facts.attribute("ldap.auth"));
    }

    @Test
    public void rejectsOperationLongerThanTheMessage() {
        byte[] bind = simpleBind("cn=admin,dc=example,dc=com");
        bind[1] = 0x0c;
        assertMalformed("protocolOp is longer than its enclosing element", bind);
    }

    @Test
    public void rejectsFieldLongerThanTheOperation() {
        assertMalformed("bind name is longer than its enclosing element",
                hex("30 0e 02 01 01 60 09 02 01 03 04 05 61 62 80 00"));
    }

    @Test
    public void rejectsTagCutOffByTheMessage() {
        assertMalformed("protocolOp is cut off by its enclosing element", hex("30 04 02 01 01 60 00"));
    }

    @Test
    public void rejectsLengthOctetsCutOffByTheMessage() {
        assertMalformed("protocolOp is cut off by its enclosing element", hex("30 06 02 01 01 60 82 00 07"));
    }

    @Test
    public void rejectsMultiOctetTag() {
        assertMalformed("protocolOp has a multi-octet tag", hex("30 07 02 01 01 7f 20 01 00"));
    }

    @Test
    public void rejectsEmptyMessage() {
        assertMalformed("messageID is missing", hex("30 00"));
    }

    @Test
    public void rejectsMessageWithoutOperation() {
        assertMalformed("protocolOp is missing", hex("30 03 02 01 01"));
    }

    // ---- messageID ----

    @Test
    public void reportsTheLargestMessageId() {
        assertEquals("2147483647", assertMatch(hex("30 08 02 04 7f ff ff ff 42 00")).attribute("ldap.messageID"));
    }

    @Test
    public void rejectsNegativeMessageId() {
        assertMalformed("messageID is negative", hex("30 05 02 01 80 42 00"));
    }

    @Test
    public void rejectsMessageIdOfFiveOctets() {
        assertMalformed("messageID is not 1 to 4 octets", hex("30 09 02 05 00 ff ff ff ff 42 00"));
    }

    @Test
    public void rejectsEmptyMessageId() {
        assertMalformed("messageID is not 1 to 4 octets", hex("30 04 02 00 42 00"));
    }

    /** Policy: RFC 4511 4.1.1.1 reserves 0 for the server's unsolicited notifications; no client request has it. */
    @Test
    public void rejectsMessageIdZero() {
        assertMalformed("messageID 0 (reserved for unsolicited notifications)", hex("30 05 02 01 00 42 00"));
    }

    // ---- operations ----

    @Test
    public void matchesSearchWithoutRoutingKey() {
        Facts facts = assertMatch(message(2, rootDseSearch()));
        assertEquals(Protocol.LDAP, facts.protocol());
        assertNull(facts.host());
        assertNull(facts.bindName());
        assertEquals("2", facts.attribute("ldap.messageID"));
        assertEquals("3", facts.attribute("ldap.op"));
        assertNull(facts.attribute("ldap.auth"));
    }

    @Test
    public void matchesEveryOtherRequest() {
        String[][] requests = {
            {"42 00", "2"}, // unbindRequest
            {"66 00", "6"}, // modifyRequest (contents not looked into)
            {"68 00", "8"}, // addRequest
            {"4a 0b 63 6e 3d 78 2c 64 63 3d 63 6f 6d", "10"}, // delRequest "cn=x,dc=com"
            {"6c 00", "12"}, // modDNRequest
            {"6e 00", "14"}, // compareRequest
            {"50 01 05", "16"}, // abandonRequest of message 5
        };
        for (String[] request : requests) {
            Facts facts = assertMatch(message(7, hex(request[0])));
            assertEquals(request[0], request[1], facts.attribute("ldap.op"));
            assertNull(request[0], facts.host());
        }
    }

    @Test
    public void rejectsUnbindWithContents() {
        assertMalformed("unbindRequest is not an empty NULL", message(1, hex("42 01 00")));
    }

    @Test
    public void rejectsNegativeAbandonedMessageId() {
        assertMalformed("abandonRequest messageID is negative", message(1, hex("50 01 ff")));
    }

    @Test
    public void rejectsEmptyAbandonRequest() {
        assertMalformed("abandonRequest messageID is not 1 to 4 octets", message(1, hex("50 00")));
    }

    @Test
    public void rejectsResponse() {
        assertMalformed("protocolOp 0x61 is not a request", message(1, hex("61 07 0a 01 00 04 00 04 00")));
    }

    @Test
    public void rejectsPrimitiveSearch() {
        assertMalformed("protocolOp 0x43 is not a request", message(1, hex("43 00")));
    }

    @Test
    public void rejectsUniversalTagAsOperation() {
        assertMalformed("protocolOp 0x4 is not a request", message(1, octetString("x")));
    }

    @Test
    public void rejectsUnassignedApplicationTag() {
        assertMalformed("protocolOp 0x7a is not a request", message(1, hex("7a 00")));
    }

    // ---- controls and what follows the message ----

    @Test
    public void matchesBindWithControls() {
        byte[] control = tlv(0x30, octetString("1.3.6.1.4.1.42.2.27.8.5.1"));
        Facts facts = assertMatch(message(1, bind("cn=a,dc=example,dc=com", simple("pw")), tlv(CONTROLS, control)));
        assertEquals("example.com", facts.host());
    }

    @Test
    public void rejectsJunkAfterOperation() {
        assertMalformed("junk after the protocolOp", message(1, hex("42 00"), octetString("x")));
    }

    @Test
    public void rejectsJunkAfterControls() {
        assertMalformed("junk after the controls", message(1, hex("42 00"), tlv(CONTROLS), hex("00")));
    }

    @Test
    public void rejectsControlsLongerThanTheMessage() {
        assertMalformed("controls is longer than its enclosing element", hex("30 07 02 01 01 42 00 a0 05"));
    }

    @Test
    public void leavesBytesAfterTheMessageAlone() {
        byte[] bind = simpleBind("cn=admin,dc=example,dc=com");
        byte[] pipelined = concat(bind, message(2, rootDseSearch()));
        assertEquals(Sniffing.describe(SNIFFING.consistently(bind)), Sniffing.describe(SNIFFING.consistently(pipelined)));
    }

    @Test
    public void matchesOnlyOnceTheWholeMessageHasArrived() {
        byte[] bind = simpleBind("cn=admin,dc=example,dc=com");
        SNIFFING.needsMoreUpTo(bind, bind.length - 1, 1);
        assertMatch(bind);
    }

    // ---- BindRequest ----

    @Test
    public void reportsSimpleBind() {
        Facts facts = assertMatch(simpleBind("cn=admin,dc=example,dc=com"));
        assertEquals("cn=admin,dc=example,dc=com", facts.bindName());
        assertEquals("example.com", facts.host());
        assertEquals("1", facts.attribute("ldap.messageID"));
        assertEquals("0", facts.attribute("ldap.op"));
        assertEquals("3", facts.attribute("ldap.version"));
        assertEquals("simple", facts.attribute("ldap.auth"));
        assertNull(facts.attribute("ldap.sasl"));
    }

    @Test
    public void reportsAnonymousBindWithoutName() {
        Facts facts = assertMatch(message(1, bind("", simple(""))));
        assertNull(facts.bindName());
        assertNull(facts.host());
    }

    @Test
    public void reportsUserPrincipalNameDomain() {
        Facts facts = assertMatch(simpleBind("Alice@Example.COM"));
        assertEquals("Alice@Example.COM", facts.bindName());
        assertEquals("example.com", facts.host());
    }

    @Test
    public void reportsPlainNameWithoutDomain() {
        Facts facts = assertMatch(simpleBind("User1"));
        assertEquals("User1", facts.bindName());
        assertNull(facts.host());
    }

    @Test
    public void decodesUtf8BindName() {
        String name = "cn=J\u00fcrgen M\u00fcller \ud83d\ude00,ou=\u0418\u0422,dc=example,dc=com";
        Facts facts = assertMatch(simpleBind(name));
        assertEquals(name, facts.bindName());
        assertEquals("example.com", facts.host());
    }

    @Test
    public void rejectsLdapV2Bind() {
        assertReject(RejectReason.UNSUPPORTED_VERSION, "LDAPv2 bind", bindWithVersion(2));
    }

    @Test
    public void rejectsLdapV1Bind() {
        assertReject(RejectReason.UNSUPPORTED_VERSION, "LDAPv1 bind", bindWithVersion(1));
    }

    @Test
    public void rejectsBindVersionZero() {
        assertMalformed("bind version 0", bindWithVersion(0));
    }

    @Test
    public void rejectsBindVersionFour() {
        assertMalformed("bind version 4", bindWithVersion(4));
    }

    @Test
    public void rejectsNegativeBindVersion() {
        assertMalformed("bind version is negative", bindWithVersion(-3));
    }

    @Test
    public void rejectsBindVersionThatIsNotAnInteger() {
        assertMalformed("bind version is not an INTEGER",
                message(1, tlv(BIND_REQUEST, octetString("3"), octetString(""), simple(""))));
    }

    @Test
    public void rejectsBindNameThatIsNotAnOctetString() {
        assertMalformed("bind name is not an OCTET STRING",
                message(1, tlv(BIND_REQUEST, integer(3), tlv(0x80, utf8("cn=a")), simple(""))));
    }

    @Test
    public void rejectsInvalidUtf8InBindName() {
        String[] invalid = {
            "c0 af", // overlong '/'
            "e0 80 af", // overlong '/' in three octets
            "f0 80 80 af", // overlong '/' in four octets
            "ed a0 80", // UTF-16 surrogate
            "f4 90 80 80", // above U+10FFFF
            "f5 80 80 80", // lead octet past U+10FFFF
            "80", // continuation without lead
            "e2 82", // cut short by the end of the name
            "e2 28 a1", // second octet not a continuation
            "e2 82 28", // third octet not a continuation
            "ff",
        };
        for (String bytes : invalid) {
            byte[] name = concat(utf8("cn="), hex(bytes), utf8(",dc=com"));
            assertMalformed("invalid UTF-8 in bind name", message(1, bindWithRawName(name)));
        }
    }

    @Test
    public void rejectsControlCharactersInBindName() {
        for (String control : new String[] {"00", "0a", "0d", "1b", "7f"}) {
            byte[] name = concat(utf8("cn=a"), hex(control), utf8(",dc=com"));
            assertMalformed("control character in bind name", message(1, bindWithRawName(name)));
        }
    }

    @Test
    public void rejectsBindWithoutAuthentication() {
        assertMalformed("bind authentication is missing",
                message(1, tlv(BIND_REQUEST, integer(3), octetString("cn=a")), tlv(CONTROLS)));
    }

    @Test
    public void rejectsConstructedSimpleAuthentication() {
        assertMalformed("bind authentication choice 0xa0 is not simple, sasl or an NTLM start",
                message(1, bind("cn=a", tlv(0xA0, octetString("pw")))));
    }

    @Test
    public void rejectsKerberosV4Authentication() {
        assertMalformed("bind authentication choice 0x81 is not simple, sasl or an NTLM start",
                message(1, bind("cn=a", tlv(0x81, utf8("ticket")))));
    }

    /** sicilyResponse answers the server's challenge, so it can never be the first message of a connection. */
    @Test
    public void rejectsSicilyResponse() {
        assertMalformed("bind authentication choice 0x8b is not simple, sasl or an NTLM start",
                message(1, bind("User1", tlv(0x8B, utf8("NTLMSSP\0")))));
    }

    @Test
    public void reportsSicilyPackageDiscovery() {
        Facts facts = assertMatch(message(1, bind("", tlv(0x89))));
        assertEquals("sicilyPackageDiscovery", facts.attribute("ldap.auth"));
        assertNull(facts.bindName());
    }

    @Test
    public void rejectsJunkAfterAuthentication() {
        assertMalformed("junk after the bind authentication", message(1, bind("cn=a", concat(simple("pw"), simple("pw")))));
    }

    // ---- SASL ----

    @Test
    public void reportsSaslMechanismWithoutCredentials() {
        Facts facts = assertMatch(message(1, bind("", sasl("EXTERNAL"))));
        assertEquals("sasl", facts.attribute("ldap.auth"));
        assertEquals("EXTERNAL", facts.attribute("ldap.sasl"));
        assertNull(facts.bindName());
    }

    @Test
    public void reportsSaslMechanismWithCredentials() {
        Facts facts = assertMatch(message(1, bind("", sasl("SCRAM-SHA-256", octetString("n,,n=alice,r=abc")))));
        assertEquals("SCRAM-SHA-256", facts.attribute("ldap.sasl"));
    }

    @Test
    public void reportsLowerCaseSaslMechanismAsSent() {
        assertEquals("gssapi", assertMatch(message(1, bind("", sasl("gssapi")))).attribute("ldap.sasl"));
    }

    @Test
    public void matchesSaslMechanismOfTwentyCharacters() {
        assertEquals("ABCDEFGHIJ_123456789",
                assertMatch(message(1, bind("", sasl("ABCDEFGHIJ_123456789")))).attribute("ldap.sasl"));
    }

    @Test
    public void rejectsSaslMechanismOfTwentyOneCharactersBeforeItArrives() {
        byte[] bytes = message(1, bind("", sasl("ABCDEFGHIJ_1234567890")));
        String detail = "reject MALFORMED: SASL mechanism is not 1 to 20 letters, digits, '-' or '_'";
        assertEquals(detail, Sniffing.describe(SNIFFING.consistently(bytes)));
        // message 2, messageID 3, op 2, version 3, name 2, sasl 2, mechanism header 2
        assertEquals(detail, Sniffing.describe(SNIFFING.prefix(bytes, 16)));
    }

    @Test
    public void rejectsBadSaslMechanismNames() {
        for (String mechanism : new String[] {"", "GSS SPNEGO", "DIGEST.MD5", "PLAIN\u00e9"}) {
            assertMalformed("SASL mechanism is not 1 to 20 letters, digits, '-' or '_'",
                    message(1, bind("", sasl(mechanism))));
        }
    }

    @Test
    public void rejectsSaslMechanismThatIsNotAnOctetString() {
        assertMalformed("SASL mechanism is not an OCTET STRING",
                message(1, bind("", tlv(SASL, tlv(0x80, utf8("PLAIN"))))));
    }

    @Test
    public void rejectsEmptySaslCredentialsSequence() {
        assertMalformed("SASL mechanism is missing", message(1, bind("", tlv(SASL))));
    }

    @Test
    public void rejectsSaslCredentialsThatAreNotAnOctetString() {
        assertMalformed("SASL credentials is not an OCTET STRING",
                message(1, bind("", sasl("PLAIN", tlv(0x80, utf8("\0alice\0pw"))))));
    }

    @Test
    public void rejectsJunkAfterSaslCredentials() {
        assertMalformed("junk after the SASL credentials",
                message(1, bind("", sasl("PLAIN", octetString("a"), octetString("b")))));
    }

    // ---- ExtendedRequest ----

    @Test
    public void reportsStartTls() {
        Facts facts = assertMatch(STARTTLS);
        assertEquals("23", facts.attribute("ldap.op"));
        assertEquals("1.3.6.1.4.1.1466.20037", facts.attribute("ldap.extended.oid"));
        assertEquals("true", facts.attribute("ldap.starttls"));
        assertNull(facts.host());
        assertNull(facts.bindName());
    }

    @Test
    public void reportsOtherExtendedOperationWithValue() {
        // Password Modify (RFC 3062) with an empty PasswdModifyRequestValue
        Facts facts = assertMatch(message(3, extended("1.3.6.1.4.1.4203.1.11.1", tlv(0x81, tlv(0x30)))));
        assertEquals("1.3.6.1.4.1.4203.1.11.1", facts.attribute("ldap.extended.oid"));
        assertNull(facts.attribute("ldap.starttls"));
    }

    @Test
    public void rejectsExtendedRequestWithoutRequestName() {
        assertMalformed("extendedReq does not start with a requestName",
                message(1, tlv(0x77, tlv(0x81, utf8("1.2.3")))));
    }

    @Test
    public void rejectsEmptyExtendedRequest() {
        assertMalformed("requestName is missing", message(1, tlv(0x77)));
    }

    @Test
    public void rejectsBadOids() {
        for (String oid : new String[] {"", "1", "1.", ".1", "1..2", "1.3.06", "1.3.6.a", "1.3.6.1 "}) {
            assertMalformed("requestName is not a numeric OID", message(1, extended(oid)));
        }
    }

    @Test
    public void acceptsZeroArcs() {
        assertEquals("0.0.10", assertMatch(message(1, extended("0.0.10"))).attribute("ldap.extended.oid"));
    }

    @Test
    public void rejectsOtherFieldAfterRequestName() {
        assertMalformed("extendedReq field 0x4 is not a requestValue",
                message(1, extended("1.3.6.1.4.1.1466.20037", octetString("x"))));
    }

    @Test
    public void rejectsJunkAfterRequestValue() {
        assertMalformed("junk after the requestValue",
                message(1, extended("1.3.6.1.4.1.1466.20037", tlv(0x81), tlv(0x81))));
    }

    // ---- helpers ----

    private static byte[] bindWithVersion(int version) {
        return message(1, tlv(BIND_REQUEST, integer(version), octetString("cn=a,dc=com"), simple("pw")));
    }

    private static byte[] bindWithRawName(byte[] name) {
        return tlv(BIND_REQUEST, integer(3), tlv(OCTET_STRING, name), simple("pw"));
    }

    private static Facts assertMatch(byte[] bytes) {
        SniffResult answer = SNIFFING.consistently(bytes);
        assertEquals(Sniffing.describe(answer), Kind.MATCH, answer.kind());
        return answer.facts();
    }

    private static void assertNotMine(byte[] bytes) {
        SniffResult answer = SNIFFING.consistently(bytes);
        assertEquals(Sniffing.describe(answer), Kind.NOT_MINE, answer.kind());
    }

    private static void assertMalformed(String detail, byte[] bytes) {
        assertReject(RejectReason.MALFORMED, detail, bytes);
    }

    private static void assertReject(RejectReason reason, String detail, byte[] bytes) {
        assertEquals("reject " + reason + ": " + detail, Sniffing.describe(SNIFFING.consistently(bytes)));
    }
}
