package org.rp.sniffers.h323;

/**
 * The H.225.0 types (H323-MESSAGES, v7) that stand before the fields a first message is routed by, read just far
 * enough to reach what follows them: root components are decoded, since PER gives them no length; extension
 * additions and extension alternatives are open types and are passed over whole. Aliases are checked and recorded
 * in {@link Findings}; nothing else is kept.
 */
final class H225Types {
    /** 0.0.8.2250.0 (itu-t recommendation h 2250 version), the start of every H.225.0 protocolIdentifier. */
    private static final int[] H225_OID_PREFIX = {0x00, 0x08, 0x91, 0x4a, 0x00};

    private H225Types() {
    }

    /** {@code ProtocolIdentifier ::= OBJECT IDENTIFIER}, which must be 0.0.8.2250.0.version. */
    static void protocolIdentifier(PerReader in) {
        int length = in.length();
        int first = in.octets(length);
        if (first < 0) {
            return;
        }
        boolean h225 = length == H225_OID_PREFIX.length + 1 && in.octet(first + length - 1) < 0x80;
        for (int k = 0; h225 && k < H225_OID_PREFIX.length; k++) {
            h225 = in.octet(first + k) == H225_OID_PREFIX[k];
        }
        if (!h225) {
            in.fail("protocolIdentifier is not H.225.0's (0.0.8.2250.0.version)");
        }
    }

    /** {@code SEQUENCE OF AliasAddress}. */
    static void aliasAddresses(PerReader in, Findings found) {
        int count = in.length();
        for (int i = 0; i < count && !in.failed(); i++) {
            aliasAddress(in, found);
        }
    }

    /**
     * {@code AliasAddress}: dialledDigits, h323-ID, url-ID, email-ID and the digits of a partyNumber are checked and
     * recorded; transportID, mobileUIM, isupNumber and later additions name no one by a string and are passed over.
     */
    static void aliasAddress(PerReader in, Findings found) {
        if (in.bit()) {
            int alternative = in.normallySmall();
            long outer = in.enter();
            switch (alternative) {
                case 0:
                    ia5Alias(in, found, Findings.URL_ID, "url-ID");
                    break;
                case 1:
                    transportAddress(in);
                    break;
                case 2:
                    ia5Alias(in, found, Findings.EMAIL_ID, "email-ID");
                    break;
                case 3:
                    partyNumber(in, found);
                    break;
                default:
                    break;
            }
            in.leave(outer);
        } else if (in.bits(1) == 0) {
            digits(in, found, Findings.DIALLED_DIGITS, "dialledDigits");
        } else {
            // BMPString(SIZE (1..256))
            int length = in.constrained(256) + 1;
            record(in, found, Findings.H323_ID, bmpString(in, length, "h323-ID"), length);
        }
    }

    /** {@code GatekeeperIdentifier ::= BMPString(SIZE (1..128))}. */
    static void gatekeeperIdentifier(PerReader in, Findings found) {
        int length = in.constrained(128) + 1;
        int start = bmpString(in, length, "gatekeeperIdentifier");
        if (start >= 0) {
            found.gatekeeperIdentifier(start, length);
        }
    }

    /** {@code TransportAddress}: IPv4, IPv4 source route, IPX, IPv6, NetBIOS, NSAP or non-standard. */
    static void transportAddress(PerReader in) {
        if (in.extensionChoice()) {
            return;
        }
        int alternative = in.bits(3);
        switch (alternative) {
            case 0:
                ipAddressAndPort(in, 4);
                break;
            case 1: {
                boolean extended = in.bit();
                ipAddressAndPort(in, 4);
                in.octets(4 * in.length());
                // routing CHOICE {strict, loose, ...}
                if (!in.extensionChoice()) {
                    in.bit();
                }
                if (extended) {
                    in.skipExtensions();
                }
                break;
            }
            case 2:
                // node SIZE (6), netnum SIZE (4), port SIZE (2): octet strings of 2 octets or fewer are not aligned
                in.octets(6 + 4);
                in.bits(16);
                break;
            case 3: {
                boolean extended = in.bit();
                ipAddressAndPort(in, 16);
                if (extended) {
                    in.skipExtensions();
                }
                break;
            }
            case 4:
                in.octets(16);
                break;
            case 5:
                in.octets(in.constrained(20) + 1);
                break;
            case 6:
                nonStandardParameter(in);
                break;
            default:
                in.fail("TransportAddress choice 7 does not exist");
                break;
        }
    }

    static void transportAddresses(PerReader in) {
        int count = in.length();
        for (int i = 0; i < count && !in.failed(); i++) {
            transportAddress(in);
        }
    }

    /** {@code EndpointType}: what kind of H.323 entity sends the message; only its encoding is checked. */
    static void endpointType(PerReader in) {
        boolean extended = in.bit();
        // nonStandardData, vendor, gatekeeper, gateway, mcu, terminal
        int present = in.bits(6);
        if ((present & 0x20) != 0) {
            nonStandardParameter(in);
        }
        if ((present & 0x10) != 0) {
            vendorIdentifier(in);
        }
        if ((present & 0x08) != 0) {
            nonStandardDataOnly(in);
        }
        if ((present & 0x04) != 0) {
            gatewayInfo(in);
        }
        if ((present & 0x02) != 0) {
            nonStandardDataOnly(in);
        }
        if ((present & 0x01) != 0) {
            nonStandardDataOnly(in);
        }
        // mc, undefinedNode
        in.bits(2);
        if (extended) {
            in.skipExtensions();
        }
    }

    /** {@code NonStandardParameter ::= SEQUENCE {nonStandardIdentifier, data OCTET STRING}}. */
    static void nonStandardParameter(PerReader in) {
        if (!in.extensionChoice()) {
            if (in.bit()) {
                h221NonStandard(in);
            } else {
                in.octets(in.length());
            }
        }
        in.octets(in.length());
    }

    /** {@code QseriesOptions}: seven booleans and Q954Details. */
    static void qseriesOptions(PerReader in) {
        boolean extended = in.bit();
        in.bits(7);
        boolean detailsExtended = in.bit();
        in.bits(2);
        if (detailsExtended) {
            in.skipExtensions();
        }
        if (extended) {
            in.skipExtensions();
        }
    }

    private static void ipAddressAndPort(PerReader in, int addressOctets) {
        in.octets(addressOctets);
        in.constrained(65536);
    }

    /** {@code H221NonStandard}: country code, extension, manufacturer code. */
    private static void h221NonStandard(PerReader in) {
        boolean extended = in.bit();
        in.constrained(256);
        in.constrained(256);
        in.constrained(65536);
        if (extended) {
            in.skipExtensions();
        }
    }

    /** {@code VendorIdentifier}: H221NonStandard, productId and versionId OCTET STRING(SIZE (1..256)) OPTIONAL. */
    private static void vendorIdentifier(PerReader in) {
        boolean extended = in.bit();
        int present = in.bits(2);
        h221NonStandard(in);
        if ((present & 0x02) != 0) {
            in.octets(in.constrained(256) + 1);
        }
        if ((present & 0x01) != 0) {
            in.octets(in.constrained(256) + 1);
        }
        if (extended) {
            in.skipExtensions();
        }
    }

    /**
     * The shape of GatekeeperInfo, McuInfo, TerminalInfo and the H310Caps to T120OnlyCaps of SupportedProtocols:
     * an extensible SEQUENCE whose only root component is {@code nonStandardData NonStandardParameter OPTIONAL}.
     */
    private static void nonStandardDataOnly(PerReader in) {
        boolean extended = in.bit();
        if (in.bit()) {
            nonStandardParameter(in);
        }
        if (extended) {
            in.skipExtensions();
        }
    }

    /** {@code GatewayInfo ::= SEQUENCE {protocol SEQUENCE OF SupportedProtocols OPTIONAL, nonStandardData ...}}. */
    private static void gatewayInfo(PerReader in) {
        boolean extended = in.bit();
        int present = in.bits(2);
        if ((present & 0x02) != 0) {
            int count = in.length();
            for (int i = 0; i < count && !in.failed(); i++) {
                supportedProtocols(in);
            }
        }
        if ((present & 0x01) != 0) {
            nonStandardParameter(in);
        }
        if (extended) {
            in.skipExtensions();
        }
    }

    /** {@code SupportedProtocols}: nonStandardData, or one of eight capability SEQUENCEs of the same shape. */
    private static void supportedProtocols(PerReader in) {
        if (in.extensionChoice()) {
            return;
        }
        int alternative = in.bits(4);
        if (alternative == 0) {
            nonStandardParameter(in);
        } else if (alternative <= 8) {
            nonStandardDataOnly(in);
        } else {
            in.fail("SupportedProtocols choice " + alternative + " does not exist");
        }
    }

    /** {@code PartyNumber}: the digits of each alternative; the type of number before some is only checked. */
    private static void partyNumber(PerReader in, Findings found) {
        if (in.extensionChoice()) {
            return;
        }
        int alternative = in.bits(3);
        if (alternative > 4) {
            in.fail("PartyNumber choice " + alternative + " does not exist");
            return;
        }
        // e164Number and privateNumber: PublicTypeOfNumber or PrivateTypeOfNumber, each six NULLs and "..."
        if ((alternative == 0 || alternative == 3) && !in.extensionChoice() && in.bits(3) > 5) {
            in.fail("PartyNumber type of number choice does not exist");
            return;
        }
        digits(in, found, Findings.PARTY_NUMBER, "partyNumber digits");
    }

    /** {@code IA5String(SIZE (1..128))(FROM ("0123456789#*,"))}: 4-bit indexes into that alphabet. */
    private static void digits(PerReader in, Findings found, int kind, String what) {
        int length = in.constrained(128) + 1;
        int start = in.aligned(4L * length);
        if (start < 0) {
            return;
        }
        for (int k = 0; k < length; k++) {
            int octet = in.octet(start + (k >> 1));
            if (((k & 1) == 0 ? octet >> 4 : octet & 0xf) >= Findings.DIGITS.length()) {
                in.fail(what + " has a character outside \"0123456789#*,\"");
                return;
            }
        }
        record(in, found, kind, start, length);
    }

    /** {@code IA5String(SIZE (1..512))}: url-ID and email-ID, in their open type. */
    private static void ia5Alias(PerReader in, Findings found, int kind, String what) {
        int length = in.constrained(512) + 1;
        int start = in.octets(length);
        if (start < 0) {
            return;
        }
        for (int k = 0; k < length; k++) {
            int c = in.octet(start + k);
            if (c >= 0x80 || isControl(c)) {
                in.fail(what + (c >= 0x80 ? " has a byte outside IA5 (7 bits)" : " has a control character"));
                return;
            }
        }
        record(in, found, kind, start, length);
    }

    /** @return the byte index of the characters, or -1 if they are not all there or one is a control character */
    private static int bmpString(PerReader in, int length, String what) {
        int start = in.aligned(16L * length);
        for (int k = 0; start >= 0 && k < length; k++) {
            if (isControl(in.octet(start + 2 * k) << 8 | in.octet(start + 2 * k + 1))) {
                // routing keys and attributes end up in logs and rule lookups: no line breaks, NULs or escapes
                in.fail(what + " has a control character");
                return -1;
            }
        }
        return start;
    }

    private static void record(PerReader in, Findings found, int kind, int start, int length) {
        if (start >= 0 && !found.addAlias(kind, start, length)) {
            in.fail("more than " + Findings.MAX_ALIASES + " aliases");
        }
    }

    /** C0, DEL and C1. */
    private static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0);
    }
}
