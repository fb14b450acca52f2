package org.rp.sniffers.h323;

/**
 * Decodes the {@code H323-UserInformation} of a first message's User-user IE, as far as routing needs:
 * <ul>
 * <li>Setup: the Setup-UUIE up to and including {@code destinationAddress}; {@code sourceAddress} and
 *     {@code destinationAddress} go to {@link Findings}. What follows is not read.</li>
 * <li>H.460.17 Facility: an {@code empty} body, then the PDU's {@code genericData} up to the element with id 17
 *     (RAS over H.225.0) and its parameter 1, whose raw octets are a RasMessage for {@link RasMessageDecoder}.</li>
 * </ul>
 * Failures are left in the {@link PerReader}.
 */
final class UserInformationDecoder {
    /** {@code h323-message-body} numbers as Wireshark shows them: root alternatives 0-6, then extensions 7-12. */
    private static final int SETUP_BODY = 0;
    private static final int EMPTY_BODY = 8;
    private static final String[] BODIES = {"setup", "callProceeding", "connect", "alerting", "information",
        "releaseComplete", "facility", "progress", "empty", "status", "statusInquiry", "setupAcknowledge", "notify"};
    private static final int ROOT_BODIES = 7;

    /** Setup-UUIE's optional root components, in the order of its preamble bits. */
    private static final int H245_ADDRESS = 1 << 6;
    private static final int SOURCE_ADDRESS = 1 << 5;
    private static final int DESTINATION_ADDRESS = 1 << 4;

    /** The index of {@code genericData} among H323-UU-PDU's extension additions: h4501SupplementaryService is 0. */
    private static final int GENERIC_DATA_ADDITION = 8;
    /** The GenericIdentifier of H.460.17, "RAS over H.225.0", and of its parameter holding the RAS message. */
    private static final int H460_17 = 17;
    private static final int RAS_MESSAGE = 1;
    /** Content may nest parameters and generic data in one another; this bounds the recursion. */
    private static final int MAX_GENERIC_DEPTH = 4;

    private UserInformationDecoder() {
    }

    /** @param setup whether the Q.931 message is a Setup (else a Facility) */
    static void decode(PerReader in, boolean setup, Findings found) {
        in.section("H323-UserInformation");
        // extension bit and user-data presence: both concern what follows the PDU, which is not read
        in.bits(2);
        in.section("H323-UU-PDU");
        boolean pduExtended = in.bit();
        boolean hasNonStandardData = in.bit();
        int body = messageBody(in);
        if (in.failed()) {
            return;
        }
        if (setup) {
            if (body != SETUP_BODY) {
                in.fail("Q.931 Setup carries an H.225.0 " + BODIES[body] + " body, expected setup");
                return;
            }
            setup(in, found);
        } else {
            if (body != EMPTY_BODY) {
                in.fail("first H.225 message is a Facility with a " + BODIES[body]
                        + " body, expected Setup or H.460.17 Facility (empty body)");
                return;
            }
            rasOverH225(in, pduExtended, hasNonStandardData, found);
        }
    }

    /** @return the body's number; an extension body's open type is passed over */
    private static int messageBody(PerReader in) {
        if (in.bit()) {
            int body = ROOT_BODIES + in.normallySmall();
            in.skipOpenType();
            if (body >= BODIES.length && !in.failed()) {
                in.fail("h323-message-body extension " + body + " is unknown");
            }
            return body;
        }
        int body = in.bits(3);
        if (body == ROOT_BODIES) {
            in.fail("h323-message-body choice 7 does not exist");
        }
        return body;
    }

    private static void setup(PerReader in, Findings found) {
        in.section("Setup-UUIE");
        // extension bit: the additions come after callType, beyond destinationAddress where reading stops
        in.bit();
        // h245Address, sourceAddress, destinationAddress, destCallSignalAddress, destExtraCallInfo, destExtraCRV,
        // callServices
        int present = in.bits(7);
        in.section("Setup-UUIE protocolIdentifier");
        H225Types.protocolIdentifier(in);
        if ((present & H245_ADDRESS) != 0) {
            in.section("Setup-UUIE h245Address");
            H225Types.transportAddress(in);
        }
        if ((present & SOURCE_ADDRESS) != 0) {
            in.section("Setup-UUIE sourceAddress");
            found.aliasRole(true, false);
            H225Types.aliasAddresses(in, found);
        }
        in.section("Setup-UUIE sourceInfo");
        H225Types.endpointType(in);
        if ((present & DESTINATION_ADDRESS) != 0) {
            in.section("Setup-UUIE destinationAddress");
            found.aliasRole(true, true);
            H225Types.aliasAddresses(in, found);
        }
    }

    /** The rest of an H.460.17 Facility: the PDU's nonStandardData, then its extension additions up to genericData. */
    private static void rasOverH225(PerReader in, boolean pduExtended, boolean hasNonStandardData, Findings found) {
        if (hasNonStandardData) {
            in.section("H323-UU-PDU nonStandardData");
            H225Types.nonStandardParameter(in);
        }
        in.section("H323-UU-PDU extensions");
        int additions = pduExtended ? in.normallySmall() + 1 : 0;
        long present = 0;
        for (int i = 0; i < additions; i++) {
            present = present << 1 | (in.bit() ? 1 : 0);
        }
        // the open types of the additions before genericData, then genericData itself
        for (int i = 0; i <= GENERIC_DATA_ADDITION && i < additions && !in.failed(); i++) {
            if ((present & 1L << (additions - 1 - i)) == 0) {
                continue;
            }
            if (i < GENERIC_DATA_ADDITION) {
                in.skipOpenType();
            } else if (genericDataList(in, found)) {
                return;
            }
        }
        in.fail("first H.225 message is a Facility without H.460.17 RAS, expected Setup or H.460.17 Facility");
    }

    /** @return whether the H.460.17 RAS message was reached (decoded, or failed in the reader) */
    private static boolean genericDataList(PerReader in, Findings found) {
        in.section("H323-UU-PDU genericData");
        // aliases inside other generic data are not the sender's
        found.aliasRole(false, false);
        long outer = in.enter();
        int count = in.length();
        for (int i = 0; i < count && !in.failed(); i++) {
            if (genericData(in, 0, found)) {
                return true;
            }
        }
        in.leave(outer);
        return in.failed();
    }

    /** {@code GenericData ::= SEQUENCE {id, parameters SEQUENCE (SIZE (1..512)) OF EnumeratedParameter OPTIONAL}}. */
    private static boolean genericData(PerReader in, int depth, Findings found) {
        boolean extended = in.bit();
        boolean hasParameters = in.bit();
        boolean rasOverH225 = genericIdentifier(in) == H460_17 && depth == 0;
        if (hasParameters) {
            int count = in.constrained(512) + 1;
            for (int i = 0; i < count && !in.failed(); i++) {
                if (enumeratedParameter(in, depth, rasOverH225, found)) {
                    return true;
                }
            }
        }
        if (rasOverH225) {
            in.fail("H.460.17 genericData without a RAS message (parameter 1)");
            return true;
        }
        if (extended) {
            in.skipExtensions();
        }
        return false;
    }

    /** {@code EnumeratedParameter ::= SEQUENCE {id GenericIdentifier, content Content OPTIONAL, ...}}. */
    private static boolean enumeratedParameter(PerReader in, int depth, boolean rasOverH225, Findings found) {
        boolean extended = in.bit();
        boolean hasContent = in.bit();
        int id = genericIdentifier(in);
        if (rasOverH225 && id == RAS_MESSAGE) {
            // Content CHOICE: not extended, alternative 0 (raw OCTET STRING)
            if (!hasContent || in.bit() || in.bits(4) != 0) {
                in.fail("H.460.17 RAS message parameter is not raw octets");
                return true;
            }
            in.section("H.460.17 RAS message");
            long outer = in.enter();
            RasMessageDecoder.decode(in, found);
            in.leave(outer);
            return true;
        }
        if (hasContent) {
            content(in, depth, found);
        }
        if (extended) {
            in.skipExtensions();
        }
        return false;
    }

    /**
     * {@code GenericIdentifier ::= CHOICE {standard INTEGER(0..16383, ...), oid, nonStandard GloballyUniqueID, ...}}.
     *
     * @return the standard number, or -1 for any other identifier
     */
    private static int genericIdentifier(PerReader in) {
        if (in.extensionChoice()) {
            return -1;
        }
        int alternative = in.bits(2);
        if (alternative == 0) {
            if (in.bit()) {
                // beyond 16383: an unconstrained whole number, a length and its octets
                in.octets(in.length());
                return -1;
            }
            return in.constrained(16384);
        }
        if (alternative == 1) {
            in.octets(in.length());
        } else if (alternative == 2) {
            in.octets(16);
        } else {
            in.fail("GenericIdentifier choice 3 does not exist");
        }
        return -1;
    }

    /** Passes over a {@code Content} (raw, text, unicode, bool, numbers, id, alias, transport, compound, nested). */
    private static void content(PerReader in, int depth, Findings found) {
        if (in.extensionChoice()) {
            return;
        }
        int alternative = in.bits(4);
        switch (alternative) {
            case 0:
            case 1:
                // raw OCTET STRING, text IA5String: a length and an octet each
                in.octets(in.length());
                break;
            case 2:
                // unicode BMPString
                in.octets(2 * in.length());
                break;
            case 3:
                in.bit();
                break;
            case 4:
                in.constrained(256);
                break;
            case 5:
                in.constrained(65536);
                break;
            case 6:
                // INTEGER(0..4294967295): a 2-bit octet count minus one, then the octets
                in.octets(in.bits(2) + 1);
                break;
            case 7:
                genericIdentifier(in);
                break;
            case 8:
                H225Types.aliasAddress(in, found);
                break;
            case 9:
                H225Types.transportAddress(in);
                break;
            case 10:
            case 11:
                nested(in, depth, alternative == 10, found);
                break;
            default:
                in.fail("Content choice " + alternative + " does not exist");
                break;
        }
    }

    /** compound {@code SEQUENCE (SIZE (1..512)) OF EnumeratedParameter}, nested {@code (SIZE (1..16)) OF GenericData}. */
    private static void nested(PerReader in, int depth, boolean compound, Findings found) {
        if (depth == MAX_GENERIC_DEPTH) {
            in.fail("generic data nested more than " + MAX_GENERIC_DEPTH + " deep");
            return;
        }
        int count = in.constrained(compound ? 512 : 16) + 1;
        for (int i = 0; i < count && !in.failed(); i++) {
            if (compound) {
                enumeratedParameter(in, depth + 1, false, found);
            } else {
                genericData(in, depth + 1, found);
            }
        }
    }
}
