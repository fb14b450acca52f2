package org.rp.sniffers.h323;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.rp.sniffers.h323.H323Messages.SETUP;
import static org.rp.sniffers.h323.H323Messages.dialledDigits;
import static org.rp.sniffers.h323.H323Messages.emailId;
import static org.rp.sniffers.h323.H323Messages.facility;
import static org.rp.sniffers.h323.H323Messages.facilityUserInformation;
import static org.rp.sniffers.h323.H323Messages.futureAlias;
import static org.rp.sniffers.h323.H323Messages.gatekeeperRequest;
import static org.rp.sniffers.h323.H323Messages.h323Id;
import static org.rp.sniffers.h323.H323Messages.h46017;
import static org.rp.sniffers.h323.H323Messages.partyNumber;
import static org.rp.sniffers.h323.H323Messages.q931;
import static org.rp.sniffers.h323.H323Messages.rasOverH225;
import static org.rp.sniffers.h323.H323Messages.registrationRequest;
import static org.rp.sniffers.h323.H323Messages.standardId;
import static org.rp.sniffers.h323.H323Messages.tpkt;
import static org.rp.sniffers.h323.H323Messages.transportId;
import static org.rp.sniffers.h323.H323Messages.urlId;
import static org.rp.sniffers.h323.H323Messages.userUser;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.Test;
import org.rp.api.Facts;
import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.SniffResult.Kind;
import org.rp.sniffers.Sniffing;
import org.rp.sniffers.h323.H323Messages.Setup;

/**
 * Hand-made first messages: every reject path (each must be rejected whole and arriving in pieces, with its exact
 * detail), the routing rules, the edges of what is accepted, and bytes that belong to other sniffers. Every
 * message goes through {@link Sniffing#consistently}.
 */
public class H323SnifferTest {
    private static final Sniffing SNIFFING = new Sniffing(new H323Sniffer());

    // ---- the message builder, checked against Wireshark ----

    /**
     * tshark 4.0.17 decodes this as a Setup with sourceAddress [h323-ID alice, dialledDigits 201] and
     * destinationAddress [h323-ID Bob@PBX.example.com, dialledDigits 202], without expert warnings.
     */
    @Test
    public void builderWritesTheSetupWiresharkDecoded() {
        byte[] setup = new Setup().source(List.of(h323Id("alice"), dialledDigits("201")))
                .destination(List.of(h323Id("Bob@PBX.example.com"), dialledDigits("202"))).message();
        assertEquals("0300006b0802000105040388c0a57e005a050030060008914a00040240040061006c00690063006501005340200240"
                + "120042006f00620040005000420058002e006500780061006d0070006c0065002e0063006f006d01005350000000000000"
                + "0000000000000000000000", HexFormat.of().formatHex(setup));
        Facts facts = assertMatch(setup);
        assertEquals(Map.of("h323.tpkt", "yes", "q931.msg", "0x05", "h225.body", "0",
                "h225.h323_ID", "alice|Bob@PBX.example.com", "h225.dialledDigits", "201|202"), facts.attributes());
    }

    /**
     * tshark 4.0.17 decodes this as an H.460.17 Facility (body empty, h245Tunnelling, genericData 17/1 raw) with a
     * registrationRequest: terminalAlias [dialledDigits 203#*,, h323-ID eve], gatekeeperIdentifier GK-One.
     */
    @Test
    public void builderWritesTheH46017FacilityWiresharkDecoded() {
        byte[] facility = h46017(registrationRequest("GK-One", List.of(dialledDigits("203#*,"), h323Id("eve"))));
        assertEquals("0300006108020001621c007e005305281001001081018049014000110000400001003e0cc00000060008914a000480"
                + "0100c000020106b80100c000020106b8020002028053601240020065007600650a0047004b002d004f006e006500b5000036",
                HexFormat.of().formatHex(facility));
        Facts facts = assertMatch(facility);
        assertEquals(Map.of("h323.tpkt", "yes", "q931.msg", "0x62", "h225.body", "8", "h323.ras", "rrq",
                "h225.gkid", "GK-One", "h225.h323_ID", "eve", "h225.dialledDigits", "203#*,"), facts.attributes());
        assertEquals("gk-one", facts.host());
        assertEquals("gk-one", facts.gatekeeperId());
    }

    // ---- Setup routing ----

    @Test
    public void routesByTheDomainOfAUserAtDomainH323Id() {
        Facts facts = assertMatch(setupTo(h323Id("Bob@PBX.Example.com")));
        assertEquals("pbx.example.com", facts.host());
        assertEquals("Bob@PBX.Example.com", facts.alias());
    }

    @Test
    public void routesByDialledDigits() {
        Facts facts = assertMatch(setupTo(dialledDigits("202")));
        assertEquals("202", facts.host());
        assertEquals("202", facts.alias());
        assertEquals("202", facts.attribute("h225.dialledDigits"));
    }

    @Test
    public void routesByAPlainH323IdLowerCased() {
        Facts facts = assertMatch(setupTo(h323Id("Conference-Room")));
        assertEquals("conference-room", facts.host());
        assertEquals("Conference-Room", facts.alias());
    }

    @Test
    public void routesByTheHostOfAnH323UrlWithoutPortParametersOrTrailingDot() {
        assertEquals("gk.example.org", assertMatch(setupTo(urlId("H323:carol@GK.example.org:1720;x=y"))).host());
        assertEquals("gk.example.org", assertMatch(setupTo(urlId("h323:carol@gk.example.org."))).host());
        assertEquals("gk.example.org", assertMatch(setupTo(urlId("h323:carol@gk.example.org?h=v"))).host());
    }

    @Test
    public void routesByTheDomainOfAnEmailId() {
        Facts facts = assertMatch(setupTo(emailId("dave@Mail.example.net")));
        assertEquals("mail.example.net", facts.host());
        assertEquals("dave@Mail.example.net", facts.alias());
    }

    @Test
    public void theFirstUserAtDomainAliasWinsOverAnEarlierPlainOne() {
        Facts facts = assertMatch(setupTo(dialledDigits("202"), h323Id("bob@pbx.example.com")));
        assertEquals("pbx.example.com", facts.host());
        assertEquals("202", facts.alias());
    }

    @Test
    public void aUrlOfAnotherSchemeNamesNoHost() {
        Facts facts = assertMatch(setupTo(urlId("sip:carol@gk.example.org")));
        assertNull(facts.host());
        assertEquals("sip:carol@gk.example.org", facts.alias());
    }

    @Test
    public void anAliasWithoutUserOrDomainOrWithTwoAtSignsIsNotUserAtDomain() {
        assertEquals("@pbx.example.com", assertMatch(setupTo(h323Id("@pbx.example.com"))).host());
        assertEquals("bob@", assertMatch(setupTo(h323Id("bob@"))).host());
        assertEquals("a@b@c", assertMatch(setupTo(h323Id("a@b@c"))).host());
        assertNull(assertMatch(setupTo(urlId("h323:carol@."))).host());
    }

    @Test
    public void partyNumberIsTheAliasButNotTheHost() {
        Facts facts = assertMatch(setupTo(transportId(), partyNumber("4930123")));
        assertNull(facts.host());
        assertEquals("4930123", facts.alias());
        // Wireshark names these publicNumberDigits, not dialledDigits
        assertNull(facts.attribute("h225.dialledDigits"));
    }

    @Test
    public void transportIdAndUnknownAliasKindsNameNoOne() {
        Facts facts = assertMatch(setupTo(transportId(), futureAlias(), partyNumberExtension(), mobileUim()));
        assertNull(facts.host());
        assertNull(facts.alias());
    }

    @Test
    public void sourceAliasesAreReportedButNeverRouted() {
        Facts facts = assertMatch(new Setup().source(List.of(h323Id("alice@src.example"), dialledDigits("201")))
                .message());
        assertNull(facts.host());
        assertNull(facts.alias());
        assertEquals("alice@src.example", facts.attribute("h225.h323_ID"));
        assertEquals("201", facts.attribute("h225.dialledDigits"));
    }

    @Test
    public void aSetupWithoutAliasesMatchesWithoutHost() {
        Facts facts = assertMatch(new Setup().message());
        assertNull(facts.host());
        assertEquals(Map.of("h323.tpkt", "yes", "q931.msg", "0x05", "h225.body", "0"), facts.attributes());
    }

    @Test
    public void readsPastEveryKindOfPartyNumber() {
        for (int alternative = 0; alternative <= 4; alternative++) {
            int kind = alternative;
            Consumer<PerWriter> number = w -> {
                w.bit(false).bits(kind, 3);
                if (kind == 0 || kind == 3) {
                    // public or private type of number: the last root alternative, then an extension one
                    w.write(kind == 0 ? t -> t.bit(false).bits(5, 3) : t -> t.bit(true).normallySmall(0)
                            .openType(p -> { }));
                }
                H323Messages.digits(w, "0" + kind);
            };
            assertEquals("alternative " + kind, "0" + kind,
                    assertMatch(setupTo(w -> w.bit(true).normallySmall(3).openType(number))).alias());
        }
    }

    // ---- what stands before the aliases ----

    @Test
    public void readsPastEveryTransportAddressInH245Address() {
        List<Consumer<PerWriter>> addresses = List.of(
                H323Messages::ipAddress,
                w -> w.bit(false).bits(1, 3).bit(true).octets(192, 0, 2, 1).constrained(1720, 65536)
                        .length(2).octets(192, 0, 2, 2, 192, 0, 2, 3).bit(false).bits(1, 1)
                        .normallySmall(0).bit(true).openType(p -> p.octets(0x55)),
                w -> w.bit(false).bits(1, 3).bit(false).octets(192, 0, 2, 1).constrained(1720, 65536)
                        .length(0).bit(true).normallySmall(0).openType(p -> { }),
                w -> w.bit(false).bits(2, 3).octets(1, 2, 3, 4, 5, 6).octets(7, 8, 9, 10).bits(0x06b8, 16),
                w -> w.bit(false).bits(3, 3).bit(false).octets(new byte[16]).constrained(1720, 65536),
                w -> w.bit(false).bits(4, 3).octets(new byte[16]),
                w -> w.bit(false).bits(5, 3).constrained(19, 20).octets(new byte[20]),
                w -> w.bit(false).bits(6, 3).write(H323SnifferTest::nonStandardParameter),
                w -> w.bit(true).normallySmall(0).openType(p -> p.octets(1, 2, 3)));
        for (Consumer<PerWriter> address : addresses) {
            Setup setup = new Setup().destination(List.of(dialledDigits("202")));
            setup.h245Address = address;
            assertEquals("202", assertMatch(setup.message()).host());
        }
    }

    @Test
    public void readsPastAnEndpointTypeWithEveryComponent() {
        Setup setup = new Setup().destination(List.of(dialledDigits("202")));
        setup.sourceInfo = w -> {
            w.bit(true).bits(0b111111, 6);
            nonStandardParameter(w);
            // vendor with productId and versionId
            w.bit(false).bits(0b11, 2).write(H323SnifferTest::h221NonStandard);
            w.constrained(2, 256).octets('r', 'p', '1').constrained(0, 256).octets('1');
            // gatekeeper with nonStandardData
            w.bit(false).bit(true).write(H323SnifferTest::nonStandardParameter);
            // gateway: nonStandardData, voice caps with nonStandardData, h323 caps with an extension, an
            // extension alternative; then nonStandardData
            w.bit(true).bits(0b11, 2).length(4);
            w.bit(false).bits(0, 4).write(H323SnifferTest::nonStandardParameter);
            w.bit(false).bits(7, 4).bit(false).bit(true).write(H323SnifferTest::nonStandardParameter);
            w.bit(false).bits(5, 4).bit(true).bit(false).normallySmall(1).bits(0b10, 2).openType(p -> p.length(0));
            w.bit(true).normallySmall(2).openType(p -> p.octets(0));
            nonStandardParameter(w);
            w.normallySmall(0).bit(false);
            // mcu, terminal, mc, undefinedNode
            w.bit(false).bit(false).bit(false).bit(false).bit(true).bit(false);
            // additions: set
            w.normallySmall(1).bits(0b10, 2).openType(p -> p.bits(0x12345678, 32));
        };
        assertEquals("202", assertMatch(setup.message()).host());
    }

    @Test
    public void rejectsSupportedProtocolsChoiceThatDoesNotExist() {
        Setup setup = new Setup().destination(List.of(dialledDigits("202")));
        setup.sourceInfo = w -> w.bit(false).bits(0b000100, 6).bit(false).bits(0b10, 2).length(1)
                .bit(false).bits(9, 4);
        assertMalformed("SupportedProtocols choice 9 does not exist", setup.message());
    }

    @Test
    public void rejectsTransportAddressChoice7() {
        Setup setup = new Setup();
        setup.h245Address = w -> w.bit(false).bits(7, 3);
        assertMalformed("TransportAddress choice 7 does not exist", setup.message());
    }

    @Test
    public void rejectsAValueOutOfItsRange() {
        Setup setup = new Setup();
        // nsap OCTET STRING(SIZE (1..20)): a 5-bit length that says 26
        setup.h245Address = w -> w.bit(false).bits(5, 3).bits(25, 5);
        assertMalformed("Setup-UUIE h245Address: value 25 is out of its range", setup.message());
    }

    @Test
    public void rejectsAProtocolIdentifierOtherThanH225() {
        byte[] h245 = setupMessage(setupUserInformation(w -> w.bit(false).bits(0, 7).length(6)
                .octets(0x00, 0x08, 0x81, 0x75, 0x00, 0x0d)));
        assertMalformed("protocolIdentifier is not H.225.0's (0.0.8.2250.0.version)", h245);
    }

    // ---- aliases that break their type ----

    @Test
    public void rejectsADigitOutsideTheAlphabet() {
        // index 13 is past "#*,0123456789"
        assertMalformed("dialledDigits has a character outside \"0123456789#*,\"",
                setupTo(w -> w.bit(false).bits(0, 1).bits(1, 7).octets(0x5d)));
        assertMalformed("partyNumber digits has a character outside \"0123456789#*,\"",
                setupTo(w -> w.bit(true).normallySmall(3).openType(p -> p.bit(false).bits(1, 3)
                        .bits(0, 7).octets(0xf0))));
    }

    @Test
    public void rejectsPartyNumberChoicesThatDoNotExist() {
        assertMalformed("PartyNumber choice 5 does not exist",
                setupTo(w -> w.bit(true).normallySmall(3).openType(p -> p.bit(false).bits(5, 3))));
        assertMalformed("PartyNumber type of number choice does not exist",
                setupTo(w -> w.bit(true).normallySmall(3).openType(p -> p.bit(false).bits(0, 3).bit(false)
                        .bits(6, 3))));
    }

    @Test
    public void rejectsAUrlIdOutsideIa5() {
        assertMalformed("url-ID has a byte outside IA5 (7 bits)", setupTo(urlId("h323:caf\u00e9@example.org")));
    }

    @Test
    public void rejectsControlCharactersInAliases() {
        assertMalformed("email-ID has a control character", setupTo(emailId("dave@example.net\n")));
        assertMalformed("h323-ID has a control character", setupTo(h323Id("bob\u0000")));
        assertMalformed("h323-ID has a control character", setupTo(h323Id("bob\u0085")));
        assertMalformed("h323-ID has a control character", setupTo(h323Id("bob\u007f")));
        assertMalformed("gatekeeperIdentifier has a control character",
                h46017(gatekeeperRequest("gk\r\nX-Injected: 1", null)));
    }

    @Test
    public void acceptsNonAsciiH323Id() {
        assertEquals("jürgen@bücher.example", assertMatch(setupTo(h323Id("Jürgen@Bücher.example"))).alias()
                .toLowerCase(java.util.Locale.ROOT));
        assertEquals("bücher.example", assertMatch(setupTo(h323Id("Jürgen@Bücher.example"))).host());
    }

    @Test
    public void acceptsUpTo128Aliases() {
        Facts facts = assertMatch(setupTo(Collections.nCopies(Findings.MAX_ALIASES, dialledDigits("7"))));
        assertEquals(String.join("|", Collections.nCopies(Findings.MAX_ALIASES, "7")),
                facts.attribute("h225.dialledDigits"));
        assertMalformed("more than 128 aliases",
                setupTo(Collections.nCopies(Findings.MAX_ALIASES + 1, dialledDigits("7"))));
    }

    // ---- PER framing ----

    @Test
    public void rejectsAUserInformationCutShort() {
        byte[] userInformation = new Setup().source(List.of(h323Id("alice"))).userInformation();
        assertMalformed("Setup-UUIE sourceAddress runs past the end of its enclosing encoding",
                setupMessage(Arrays.copyOf(userInformation, 15)));
    }

    @Test
    public void rejectsAnOpenTypeLongerThanItsContainer() {
        assertMalformed("Setup-UUIE destinationAddress: length 100 runs past the end of its enclosing encoding",
                setupTo(w -> w.bit(true).normallySmall(0).length(100).octets(0, 4, 'a', 'b', 'c', 'd', 'e')));
    }

    @Test
    public void rejectsAFragmentedLength() {
        assertMalformed("Setup-UUIE sourceAddress: fragmented length (16K or more)",
                setupMessage(setupUserInformation(w -> w.bit(false).bits(0b0100000, 7)
                        .write(H323Messages::protocolIdentifier).octets(0xc1, 0x00))));
    }

    @Test
    public void readsATwoOctetLength() {
        // 130 aliases do not fit one octet of count; the limit then rejects them, after reading the count right
        Setup setup = new Setup().destination(Collections.nCopies(130, dialledDigits("7")));
        assertMalformed("more than 128 aliases", setup.message());
    }

    @Test
    public void rejectsAnExtensionIndexOf64OrMore() {
        assertMalformed("H323-UU-PDU: extension index or count of 64 or more",
                setupMessage(new PerWriter().bits(0, 4).bit(true).bit(true).bits(0, 14).toBytes()));
    }

    // ---- h323-message-body ----

    @Test
    public void rejectsASetupCarryingAnotherBody() {
        assertMalformed("Q.931 Setup carries an H.225.0 connect body, expected setup",
                setupMessage(new PerWriter().bits(0, 4).bit(false).bits(2, 3).octets(0).toBytes()));
        assertMalformed("Q.931 Setup carries an H.225.0 empty body, expected setup",
                setupMessage(new PerWriter().bits(0, 4).bit(true).normallySmall(1).openType(p -> { }).toBytes()));
    }

    @Test
    public void rejectsBodyChoice7() {
        assertMalformed("h323-message-body choice 7 does not exist",
                setupMessage(new PerWriter().bits(0, 4).bit(false).bits(7, 3).octets(0).toBytes()));
    }

    @Test
    public void rejectsAnUnknownBodyExtension() {
        assertMalformed("h323-message-body extension 13 is unknown",
                setupMessage(new PerWriter().bits(0, 4).bit(true).normallySmall(6).openType(p -> { }).toBytes()));
    }

    @Test
    public void rejectsAFacilityWithAFacilityBody() {
        assertMalformed("first H.225 message is a Facility with a facility body, expected Setup or H.460.17 "
                + "Facility (empty body)", facility(new PerWriter().bits(0, 4).bit(false).bits(6, 3).octets(0)
                        .toBytes()));
    }

    // ---- H.460.17 ----

    @Test
    public void h46017GrqWithoutGatekeeperIdentifierMatchesWithoutHost() {
        Facts facts = assertMatch(h46017(gatekeeperRequest(null, List.of(h323Id("bob"), dialledDigits("202")))));
        assertNull(facts.host());
        assertNull(facts.gatekeeperId());
        assertNull(facts.alias());
        assertEquals(Map.of("h323.tpkt", "yes", "q931.msg", "0x62", "h225.body", "8", "h323.ras", "grq",
                "h225.h323_ID", "bob", "h225.dialledDigits", "202"), facts.attributes());
    }

    @Test
    public void h46017GrqRoutesByItsGatekeeperIdentifier() {
        Facts facts = assertMatch(h46017(gatekeeperRequest("PBX.Example.com", null)));
        assertEquals("pbx.example.com", facts.host());
        assertEquals("pbx.example.com", facts.gatekeeperId());
        assertEquals("PBX.Example.com", facts.attribute("h225.gkid"));
        assertNull(facts.attribute("h225.h323_ID"));
    }

    @Test
    public void h46017GrqWithNonStandardDataAndCallServices() {
        PerWriter grq = new PerWriter().bit(false).bits(0, 5).bit(false).bits(0b1111, 4).constrained(0, 65535)
                .write(H323Messages::protocolIdentifier).write(H323SnifferTest::nonStandardParameter)
                .write(H323Messages::ipAddress).write(H323Messages::terminal);
        H323Messages.bmpString(grq.constrained(1, 128), "gk");
        // callServices: QseriesOptions with Q954Details, both extended by nothing known
        grq.bit(true).bits(0b1010101, 7).bit(true).bits(0b11, 2).normallySmall(0).bit(false)
                .normallySmall(0).bit(false);
        H323Messages.aliases(grq, List.of(dialledDigits("5")));
        Facts facts = assertMatch(h46017(grq.toBytes()));
        assertEquals("gk", facts.host());
        assertEquals("5", facts.attribute("h225.dialledDigits"));
    }

    @Test
    public void h46017RrqWithNonStandardDataMatches() {
        PerWriter rrq = new PerWriter().bit(false).bits(3, 5).bit(false).bits(0b101, 3).constrained(0, 65535)
                .write(H323Messages::protocolIdentifier).write(H323SnifferTest::nonStandardParameter).bit(false)
                .length(0).length(0).write(H323Messages::terminal);
        H323Messages.bmpString(rrq.constrained(1, 128), "gk");
        // endpointVendor
        rrq.bit(false).bits(0, 2).write(H323SnifferTest::h221NonStandard);
        assertEquals("gk", assertMatch(h46017(rrq.toBytes())).gatekeeperId());
    }

    @Test
    public void rejectsOtherRasMessages() {
        String expected = ", expected gatekeeperRequest or registrationRequest";
        assertMalformed("RAS message is admissionRequest" + expected,
                h46017(new PerWriter().bit(false).bits(9, 5).octets(0).toBytes()));
        assertMalformed("RAS message is choice 27" + expected,
                h46017(new PerWriter().bit(false).bits(27, 5).octets(0).toBytes()));
        assertMalformed("RAS message is extension alternative 2" + expected,
                h46017(new PerWriter().bit(true).normallySmall(2).octets(1, 0).toBytes()));
    }

    @Test
    public void rejectsAFacilityWithoutGenericData() {
        byte[] userInformation = new PerWriter().bit(false).bit(false).bit(false).bit(false).bit(true)
                .normallySmall(1).openType(p -> { }).toBytes();
        assertMalformed(NO_RAS, facility(userInformation));
    }

    @Test
    public void rejectsAFacilityWhoseGenericDataIsNotH46017() {
        assertMalformed(NO_RAS, facility(facilityUserInformation(List.of(w -> w.bit(false).bit(false)
                .write(standardId(UNKNOWN_FEATURE))))));
    }

    @Test
    public void rejectsAFacilityWithOnlyEarlierExtensions() {
        byte[] userInformation = new PerWriter().bits(0b0010, 4).bit(true).normallySmall(1).openType(p -> { })
                .normallySmall(1).bits(0b01, 2).openType(p -> p.bit(true)).toBytes();
        assertMalformed(NO_RAS, facility(userInformation));
    }

    @Test
    public void rejectsH46017WithoutRasParameter() {
        assertMalformed("H.460.17 genericData without a RAS message (parameter 1)",
                facility(facilityUserInformation(List.of(w -> w.bit(false).bit(false).write(standardId(17))))));
        assertMalformed("H.460.17 genericData without a RAS message (parameter 1)",
                facility(facilityUserInformation(List.of(w -> w.bit(false).bit(true).write(standardId(17))
                        .constrained(0, 512).bit(false).bit(true).write(standardId(2)).bit(false).bits(4, 4)
                        .constrained(7, 256)))));
    }

    @Test
    public void rejectsARasParameterThatIsNotRawOctets() {
        assertMalformed("H.460.17 RAS message parameter is not raw octets",
                facility(facilityUserInformation(List.of(w -> w.bit(false).bit(true).write(standardId(17))
                        .constrained(0, 512).bit(false).bit(true).write(standardId(1)).bit(false).bits(1, 4)
                        .length(1).octets('x')))));
        assertMalformed("H.460.17 RAS message parameter is not raw octets",
                facility(facilityUserInformation(List.of(w -> w.bit(false).bit(true).write(standardId(17))
                        .constrained(0, 512).bit(false).bit(false).write(standardId(1))))));
    }

    @Test
    public void readsPastEveryContentAndIdentifierBeforeTheRasMessage() {
        List<Consumer<PerWriter>> contents = List.of(
                w -> w.bit(false).bits(0, 4).length(2).octets(1, 2),
                w -> w.bit(false).bits(1, 4).length(3).octets('a', 'b', 'c'),
                w -> w.bit(false).bits(2, 4).length(2).octets(0, 'h', 0, 'i'),
                w -> w.bit(false).bits(3, 4).bit(true),
                w -> w.bit(false).bits(4, 4).constrained(200, 256),
                w -> w.bit(false).bits(5, 4).constrained(40000, 65536),
                w -> w.bit(false).bits(6, 4).bits(2, 2).octets(1, 2, 3),
                w -> w.bit(false).bits(7, 4).write(standardId(5)),
                w -> w.bit(false).bits(8, 4).write(h323Id("someone")),
                w -> w.bit(false).bits(9, 4).write(H323Messages::ipAddress),
                w -> w.bit(false).bits(10, 4).constrained(1, 512)
                        .bit(false).bit(true).write(standardId(1)).bit(false).bits(3, 4).bit(false)
                        .bit(false).bit(false).write(standardId(2)),
                w -> w.bit(false).bits(11, 4).constrained(0, 16).bit(false).bit(false).write(standardId(3)),
                w -> w.bit(true).normallySmall(0).openType(p -> p.octets(9)));
        List<Consumer<PerWriter>> identifiers = List.of(
                standardId(1),
                w -> w.bit(false).bits(1, 2).length(3).octets(0x28, 0x01, 0x02),
                w -> w.bit(false).bits(2, 2).octets(new byte[16]),
                w -> w.bit(false).bits(0, 2).bit(true).length(2).octets(0x40, 0x00),
                w -> w.bit(true).normallySmall(0).openType(p -> p.octets(1)));
        Consumer<PerWriter> everything = w -> {
            // GenericData id 9999, extended, with a parameter for each content and each kind of identifier
            w.bit(true).bit(true).write(standardId(UNKNOWN_FEATURE)).constrained(contents.size() + identifiers.size() - 1, 512);
            for (Consumer<PerWriter> content : contents) {
                w.bit(false).bit(true).write(standardId(1)).write(content);
            }
            for (Consumer<PerWriter> identifier : identifiers) {
                // an extended parameter without content
                w.bit(true).bit(false).write(identifier).normallySmall(0).bit(true).openType(p -> p.octets(7));
            }
            w.normallySmall(0).bit(true).openType(p -> p.octets(8));
        };
        byte[] ras = gatekeeperRequest("gk", null);
        Facts facts = assertMatch(facility(facilityUserInformation(List.of(everything, rasOverH225(ras)))));
        assertEquals("gk", facts.host());
        // the alias inside generic data is not the sender's
        assertNull(facts.attribute("h225.h323_ID"));
    }

    @Test
    public void rejectsContentChoice12() {
        assertMalformed("Content choice 12 does not exist", facility(facilityUserInformation(List.of(
                w -> w.bit(false).bit(true).write(standardId(UNKNOWN_FEATURE)).constrained(0, 512).bit(false).bit(true)
                        .write(standardId(1)).bit(false).bits(12, 4)))));
    }

    @Test
    public void rejectsGenericIdentifierChoice3() {
        assertMalformed("GenericIdentifier choice 3 does not exist", facility(facilityUserInformation(List.of(
                w -> w.bit(false).bit(false).bit(false).bits(3, 2)))));
    }

    @Test
    public void readsGenericDataNested4DeepButNot5() {
        byte[] ras = gatekeeperRequest("gk", null);
        assertMatch(facility(facilityUserInformation(List.of(nestedGenericData(4), rasOverH225(ras)))));
        assertMalformed("generic data nested more than 4 deep",
                facility(facilityUserInformation(List.of(nestedGenericData(5), rasOverH225(ras)))));
    }

    @Test
    public void readsPastAPduNonStandardDataAndEarlierExtensions() {
        byte[] ras = registrationRequest("gk", List.of(h323Id("alice")));
        PerWriter w = new PerWriter().bits(0b0011, 4).bit(true).normallySmall(1).openType(p -> { })
                .write(H323SnifferTest::nonStandardParameter);
        // eleven additions (two unknown to H.225.0 v7): h245Tunnelling, nonStandardControl, genericData, the 11th
        w.normallySmall(10).bits(0b01010000101, 11).openType(p -> p.bit(false))
                .openType(p -> p.length(1).write(H323SnifferTest::nonStandardParameter))
                .openType(p -> p.length(1).write(rasOverH225(ras))).openType(p -> p.octets(0xff));
        Facts facts = assertMatch(facility(w.toBytes()));
        assertEquals("gk", facts.host());
        assertEquals("alice", facts.attribute("h225.h323_ID"));
    }

    // ---- the RAS decoder on its own (UDP datagrams) ----

    @Test
    public void rasDecoderReadsBetweenPositionAndLimit() {
        byte[] grq = gatekeeperRequest("GK", List.of(h323Id("bob")));
        byte[] framed = new byte[grq.length + 10];
        System.arraycopy(grq, 0, framed, 3, grq.length);
        SniffResult answer = RasMessageDecoder.decodeDatagram(ByteBuffer.wrap(framed, 3, grq.length).asReadOnlyBuffer());
        assertEquals(Sniffing.describe(answer), Kind.MATCH, answer.kind());
        assertEquals(Map.of("h323.ras", "grq", "h225.gkid", "GK", "h225.h323_ID", "bob"), answer.facts().attributes());
    }

    @Test
    public void rasDecoderRejectsATruncatedDatagram() {
        byte[] grq = gatekeeperRequest("GK", List.of(h323Id("bob")));
        SniffResult answer = RasMessageDecoder.decodeDatagram(ByteBuffer.wrap(grq, 0, grq.length - 1));
        assertEquals("reject MALFORMED: RAS gatekeeperRequest endpointAlias runs past the end of its enclosing "
                + "encoding", Sniffing.describe(answer));
    }

    @Test
    public void rasDecoderRejectsAnOutOfRangeSequenceNumber() {
        byte[] grq = gatekeeperRequest(null, null);
        // requestSeqNum INTEGER(1..65535) in the two octets after the preamble
        grq[2] = (byte) 0xff;
        grq[3] = (byte) 0xff;
        assertEquals("reject MALFORMED: RAS gatekeeperRequest: value 65535 is out of its range",
                Sniffing.describe(RasMessageDecoder.decodeDatagram(ByteBuffer.wrap(grq))));
    }

    // ---- TPKT ----

    @Test
    public void rejectsOversizeFromTheHeaderAlone() {
        SniffResult answer = SNIFFING.consistently(new byte[] {0x03, 0x00, 0x20, 0x01});
        assertEquals(RejectReason.OVERSIZE, answer.reason());
        assertEquals("TPKT length 8193 exceeds 8192 bytes", answer.detail());
    }

    @Test
    public void acceptsAPacketOfExactly8192Bytes() {
        byte[] setup = padded(CallSignallingParser.MAX_TPKT_LENGTH);
        assertEquals(8192, setup.length);
        assertEquals("202", assertMatch(setup).host());
    }

    @Test
    public void rejectsAPacketTooShortForAQ931Header() {
        for (int length = 0; length < 9; length++) {
            assertMalformed("TPKT length " + length + " leaves no room for a Q.931 header",
                    new byte[] {0x03, 0x00, 0x00, (byte) length});
        }
    }

    @Test
    public void rejectsAQ931HeaderWithoutUserUser() {
        assertMalformed("no User-user information element, so no H.225.0 message",
                tpkt(new byte[] {0x08, 0x02, 0x00, 0x01, 0x05}));
        assertMalformed("no User-user information element, so no H.225.0 message",
                tpkt(q931(SETUP, new byte[] {0x04, 0x03, (byte) 0x88, (byte) 0xc0, (byte) 0xa5})));
    }

    @Test
    public void rejectsOtherTpktVersionsCarryingQ931() {
        byte[] setup = setupTo(dialledDigits("202"));
        for (int version : new int[] {0, 1, 2, 4, 15}) {
            setup[0] = (byte) version;
            assertMalformed("TPKT version " + version + ", expected 3", setup);
        }
    }

    @Test
    public void leavesOtherTpktPayloads() {
        // RDP's X.224 Connection Request
        assertNotMine(hex("030000130ee000000000000100080003000000"));
        // a version 2 header over something that is not Q.931
        assertNotMine(hex("020000130ee000000000000100080003000000"));
        assertNotMine(hex("0201001308020001"));
        assertNotMine(hex("0301001308020001"));
    }

    @Test
    public void decidesNotMineFromTheFirstByte() {
        for (String other : new String[] {"GET / HTTP/1.1", "INVITE sip:", "\u0016\u0003\u0001", "0\u000c"}) {
            assertEquals(other, Kind.NOT_MINE, SNIFFING.prefix(Sniffing.bytes(other), 1).kind());
        }
        // a TPKT version byte needs the reserved one
        assertEquals(Kind.NEED_MORE, SNIFFING.prefix(hex("0301"), 1).kind());
        assertEquals(Kind.NOT_MINE, SNIFFING.prefix(hex("0301"), 2).kind());
    }

    @Test
    public void bareRasDatagramsAreNotMine() {
        assertNotMine(gatekeeperRequest("gk", List.of(h323Id("bob"))));
        assertNotMine(registrationRequest("gk", List.of(h323Id("bob"))));
        // a GRQ with neither gatekeeperIdentifier nor aliases starts 00 00, like a TPKT of version 0
        assertNotMine(gatekeeperRequest(null, null));
    }

    // ---- Q.931 ----

    @Test
    public void rejectsACallReferenceOtherThanTwoOctets() {
        assertMalformed("Q.931 call reference length 1, H.225.0 requires 2",
                tpkt(new byte[] {0x08, 0x01, 0x01, 0x05, 0x7e, 0x00, 0x01, 0x05}));
    }

    @Test
    public void rejectsOtherFirstMessagesFromTheMessageType() {
        int[] types = {0x01, 0x02, 0x03, 0x07, 0x0d, 0x5a, 0x6e, 0x75, 0x7b, 0x7d, 0x42};
        for (int type : types) {
            byte[] message = tpkt(q931(type, userUser(new Setup().userInformation())));
            SniffResult answer = SNIFFING.consistently(message);
            assertEquals(Kind.REJECT, answer.kind());
            assertTrue(answer.detail(), answer.detail().startsWith("first H.225 message is ")
                    && answer.detail().contains(String.format("0x%02x", type))
                    && answer.detail().endsWith(", expected Setup or H.460.17 Facility"));
            // decided by the ninth byte
            assertEquals(Kind.REJECT, SNIFFING.prefix(message, 9).kind());
        }
        assertMalformed("first H.225 message is Connect (0x07), expected Setup or H.460.17 Facility",
                tpkt(q931(0x07, userUser(new Setup().userInformation()))));
        assertMalformed("first H.225 message is Q.931 message type 0x42, expected Setup or H.460.17 Facility",
                tpkt(q931(0x42, userUser(new Setup().userInformation()))));
    }

    @Test
    public void rejectsAnElementRunningPastThePacket() {
        assertMalformed("Q.931 information element 0x04 runs past the end of the TPKT packet",
                tpkt(q931(SETUP, userUser(new Setup().userInformation()), new byte[] {0x04})));
        assertMalformed("Q.931 information element 0x7e runs past the end of the TPKT packet",
                tpkt(q931(SETUP, new byte[] {0x7e, 0x00})));
        assertMalformed("Q.931 information element 0x28 (length 10) runs past the end of the TPKT packet",
                tpkt(q931(SETUP, new byte[] {0x28, 0x0a, 'a', 'b', 'c'})));
        assertMalformed("Q.931 information element 0x7e (length 300) runs past the end of the TPKT packet",
                tpkt(q931(SETUP, new byte[] {0x7e, 0x01, 0x2c, 0x05, 0x00})));
    }

    @Test
    public void rejectsTwoUserUserElements() {
        byte[] userUser = userUser(new Setup().userInformation());
        assertMalformed("two User-user information elements", tpkt(q931(SETUP, userUser, userUser)));
    }

    @Test
    public void rejectsAnEmptyUserUserElement() {
        assertMalformed("empty User-user information element", tpkt(q931(SETUP, new byte[] {0x7e, 0x00, 0x00})));
    }

    @Test
    public void rejectsUserUserOfAnotherProtocol() {
        byte[] userUser = userUser(new Setup().userInformation());
        userUser[3] = 0x04;
        assertMalformed("User-user protocol discriminator 0x04, expected 0x05 (X.208/X.209 coded)",
                tpkt(q931(SETUP, userUser)));
    }

    @Test
    public void skipsSingleOctetElementsAndElementsAfterUserUser() {
        byte[] setup = tpkt(q931(SETUP, new byte[] {(byte) 0xa1},
                userUser(new Setup().destination(List.of(dialledDigits("202"))).userInformation()),
                new byte[] {0x28, 0x02, 'h', 'i', (byte) 0xa0}));
        assertEquals("202", assertMatch(setup).host());
    }

    /** An element 0x7e of another codeset is not the User-user IE, and its length takes one octet. */
    @Test
    public void followsCodesetShifts() {
        byte[] userUser = userUser(new Setup().destination(List.of(dialledDigits("202"))).userInformation());
        // non-locking shift to codeset 6: only the next element is of codeset 6
        assertEquals("202", assertMatch(tpkt(q931(SETUP, new byte[] {(byte) 0x9e, 0x7e, 0x01, 'x'}, userUser)))
                .host());
        // locking shift to codeset 6: the User-user IE can no longer follow
        assertMalformed("no User-user information element, so no H.225.0 message",
                tpkt(q931(SETUP, new byte[] {(byte) 0x96, 0x7e, 0x01, 'x', 0x7e, 0x00})));
        assertMalformed("Q.931 information element 0x28 (length 5) runs past the end of the TPKT packet",
                tpkt(q931(SETUP, new byte[] {(byte) 0x96, 0x7e, 0x00, 0x28, 0x05})));
    }

    // ---- how the sniffer is called ----

    @Test
    public void emptyBufferNeedsMore() {
        assertEquals(Kind.NEED_MORE, SNIFFING.prefix(new byte[0], 0).kind());
    }

    @Test
    public void needsMoreUntilTheWholePacketHasArrived() {
        byte[] setup = setupTo(h323Id("bob@pbx.example.com"));
        SNIFFING.needsMoreUpTo(setup, setup.length - 1, 1);
        assertEquals("pbx.example.com", SNIFFING.prefix(setup, setup.length).facts().host());
    }

    @Test
    public void needsMoreForAPacketWhoseLengthSaysMoreIsComing() {
        byte[] setup = setupTo(dialledDigits("202"));
        int length = setup.length + 100;
        setup[2] = (byte) (length >> 8);
        setup[3] = (byte) length;
        SNIFFING.needsMoreUpTo(setup, setup.length, 1);
    }

    @Test
    public void ignoresWhatFollowsThePacket() {
        byte[] setup = setupTo(dialledDigits("202"));
        byte[] twice = Arrays.copyOf(setup, setup.length * 2);
        System.arraycopy(hex("0300000408"), 0, twice, setup.length, 5);
        assertEquals("202", assertMatch(twice).host());
    }

    @Test
    public void readsFromTheBufferPosition() {
        byte[] setup = setupTo(dialledDigits("202"));
        byte[] framed = new byte[setup.length + 7];
        System.arraycopy(setup, 0, framed, 7, setup.length);
        ByteBuffer buffer = ByteBuffer.wrap(framed).asReadOnlyBuffer();
        buffer.position(7);
        assertEquals("202", new H323Sniffer().sniff(buffer).facts().host());
        assertEquals(7, buffer.position());
    }

    // ---- helpers ----

    /** A GenericData id no H.460 feature has, so that Wireshark does not read its parameters as one. */
    private static final int UNKNOWN_FEATURE = 9999;

    private static final String NO_RAS =
            "first H.225 message is a Facility without H.460.17 RAS, expected Setup or H.460.17 Facility";

    @SafeVarargs
    private static byte[] setupTo(Consumer<PerWriter>... destination) {
        return setupTo(List.of(destination));
    }

    private static byte[] setupTo(List<Consumer<PerWriter>> destination) {
        return new Setup().destination(destination).message();
    }

    private static byte[] setupMessage(byte[] userInformation) {
        return tpkt(q931(SETUP, userUser(userInformation)));
    }

    /** An H323-UserInformation with a setup body whose Setup-UUIE {@code uuie} writes. */
    private static byte[] setupUserInformation(Consumer<PerWriter> uuie) {
        return new PerWriter().bits(0, 4).bit(false).bits(0, 3).write(uuie).toBytes();
    }

    /** A Setup to dialledDigits 202, padded with Display IEs to {@code length} bytes. */
    private static byte[] padded(int length) {
        byte[] userUser = userUser(new Setup().destination(List.of(dialledDigits("202"))).userInformation());
        List<byte[]> elements = new ArrayList<>();
        int left = length - 4 - 5 - userUser.length;
        while (left > 0) {
            int contents = Math.min(255, left - 2);
            byte[] display = new byte[2 + contents];
            display[0] = 0x28;
            display[1] = (byte) contents;
            Arrays.fill(display, 2, display.length, (byte) 'x');
            elements.add(display);
            left -= display.length;
        }
        elements.add(userUser);
        return tpkt(q931(SETUP, elements.toArray(new byte[0][])));
    }

    static void nonStandardParameter(PerWriter w) {
        w.bit(false).bits(1, 1).write(H323SnifferTest::h221NonStandard).length(3).octets(1, 2, 3);
    }

    private static void h221NonStandard(PerWriter w) {
        w.bit(false).constrained(181, 256).constrained(0, 256).constrained(54, 65536);
    }

    /** partyNumber holding a PartyNumber extension alternative: no digits. */
    private static Consumer<PerWriter> partyNumberExtension() {
        return w -> w.bit(true).normallySmall(3).openType(p -> p.bit(true).normallySmall(0).openType(q -> { }));
    }

    /** mobileUIM (AliasAddress extension 4), passed over whole. */
    private static Consumer<PerWriter> mobileUim() {
        return w -> w.bit(true).normallySmall(4).openType(p -> p.octets(0x00));
    }

    /** GenericData id 9999 whose only parameter holds {@code levels} GenericData nested in one another. */
    private static Consumer<PerWriter> nestedGenericData(int levels) {
        if (levels == 0) {
            return w -> w.bit(false).bit(false).write(standardId(UNKNOWN_FEATURE));
        }
        return w -> w.bit(false).bit(true).write(standardId(UNKNOWN_FEATURE)).constrained(0, 512)
                .bit(false).bit(true).write(standardId(1)).bit(false).bits(11, 4).constrained(0, 16)
                .write(nestedGenericData(levels - 1));
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static void assertMalformed(String detail, byte[] message) {
        assertEquals("reject MALFORMED: " + detail, Sniffing.describe(SNIFFING.consistently(message)));
    }

    private static Facts assertMatch(byte[] message) {
        SniffResult answer = SNIFFING.consistently(message);
        assertEquals(Sniffing.describe(answer), Kind.MATCH, answer.kind());
        return answer.facts();
    }

    private static void assertNotMine(byte[] bytes) {
        SniffResult answer = SNIFFING.consistently(bytes);
        assertEquals(Sniffing.describe(answer), Kind.NOT_MINE, answer.kind());
    }
}
