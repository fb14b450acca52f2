package org.rp.sniffers.h323;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hand-made H.323 first messages for tests, written field by field after H.225.0 v7 (H323-MESSAGES) so that a test
 * can change exactly one thing. What these write by default was checked against Wireshark (see the vectors in
 * {@link H323SnifferTest}).
 */
final class H323Messages {
    static final int SETUP = 0x05;
    static final int FACILITY = 0x62;
    /** 0.0.8.2250.0.4: H.225.0 version 4. */
    private static final int[] H225_V4 = {0x00, 0x08, 0x91, 0x4a, 0x00, 0x04};

    private H323Messages() {
    }

    // ---- AliasAddress ----

    static Consumer<PerWriter> dialledDigits(String digits) {
        return w -> digits(w.bit(false).bits(0, 1), digits);
    }

    static Consumer<PerWriter> h323Id(String id) {
        return w -> bmpString(w.bit(false).bits(1, 1).constrained(id.length() - 1, 256), id);
    }

    static Consumer<PerWriter> urlId(String url) {
        return w -> w.bit(true).normallySmall(0).openType(ia5String(url));
    }

    static Consumer<PerWriter> emailId(String email) {
        return w -> w.bit(true).normallySmall(2).openType(ia5String(email));
    }

    static Consumer<PerWriter> transportId() {
        return w -> w.bit(true).normallySmall(1).openType(H323Messages::ipAddress);
    }

    /** partyNumber e164Number, publicTypeOfNumber unknown. */
    static Consumer<PerWriter> partyNumber(String digits) {
        return w -> w.bit(true).normallySmall(3).openType(p -> digits(p.bit(false).bits(0, 3).bit(false).bits(0, 3),
                digits));
    }

    /** An alias of a kind added after this sniffer was written (AliasAddress extension index 9). */
    static Consumer<PerWriter> futureAlias() {
        return w -> w.bit(true).normallySmall(9).openType(p -> p.octets(0x42));
    }

    static void digits(PerWriter w, String digits) {
        w.constrained(digits.length() - 1, 128).align();
        for (char c : digits.toCharArray()) {
            w.bits(Findings.DIGITS.indexOf(c), 4);
        }
    }

    static void bmpString(PerWriter w, String text) {
        w.align();
        for (char c : text.toCharArray()) {
            w.bits(c, 16);
        }
    }

    private static Consumer<PerWriter> ia5String(String text) {
        return w -> w.constrained(text.length() - 1, 512).octets(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static void aliases(PerWriter w, List<Consumer<PerWriter>> aliases) {
        w.length(aliases.size());
        aliases.forEach(w::write);
    }

    // ---- common types ----

    static void protocolIdentifier(PerWriter w) {
        w.length(H225_V4.length).octets(H225_V4);
    }

    /** TransportAddress ipAddress 192.0.2.1:1720. */
    static void ipAddress(PerWriter w) {
        w.bit(false).bits(0, 3).octets(192, 0, 2, 1).constrained(1720, 65536);
    }

    /** EndpointType with only {@code terminal}, as most endpoints send it. */
    static void terminal(PerWriter w) {
        w.bit(false).bits(0b000001, 6).bit(false).bit(false).bit(false).bit(false);
    }

    // ---- Setup ----

    /** A Setup-UUIE with every root component, the optional ones only where a test sets them. */
    static final class Setup {
        Consumer<PerWriter> h245Address;
        List<Consumer<PerWriter>> sourceAddress;
        Consumer<PerWriter> sourceInfo = H323Messages::terminal;
        List<Consumer<PerWriter>> destinationAddress;

        Setup source(List<Consumer<PerWriter>> aliases) {
            sourceAddress = aliases;
            return this;
        }

        Setup destination(List<Consumer<PerWriter>> aliases) {
            destinationAddress = aliases;
            return this;
        }

        /** The whole H323-UserInformation. */
        byte[] userInformation() {
            PerWriter w = new PerWriter();
            // H323-UserInformation: not extended, no user-data; H323-UU-PDU: not extended, no nonStandardData
            w.bits(0, 4);
            // h323-message-body: setup
            w.bit(false).bits(0, 3);
            writeUuie(w);
            return w.toBytes();
        }

        void writeUuie(PerWriter w) {
            w.bit(false);
            w.bit(h245Address != null).bit(sourceAddress != null).bit(destinationAddress != null)
                    .bit(false).bit(false).bit(false).bit(false);
            protocolIdentifier(w);
            if (h245Address != null) {
                w.write(h245Address);
            }
            if (sourceAddress != null) {
                aliases(w, sourceAddress);
            }
            w.write(sourceInfo);
            if (destinationAddress != null) {
                aliases(w, destinationAddress);
            }
            // activeMC, conferenceID, conferenceGoal create, callType pointToPoint
            w.bit(false).octets(new byte[16]);
            w.bit(false).bits(0, 2).bit(false).bits(0, 2);
        }

        /** TPKT, Q.931 Setup with a Bearer capability IE, and the User-user IE. */
        byte[] message() {
            return tpkt(q931(SETUP, new byte[] {0x04, 0x03, (byte) 0x88, (byte) 0xc0, (byte) 0xa5},
                    userUser(userInformation())));
        }
    }

    // ---- RAS and H.460.17 ----

    /** gatekeeperRequest with the given gatekeeperIdentifier (or none) and endpointAlias (or none). */
    static byte[] gatekeeperRequest(String gatekeeperId, List<Consumer<PerWriter>> aliases) {
        PerWriter w = new PerWriter();
        w.bit(false).bits(0, 5);
        w.bit(false).bit(false).bit(gatekeeperId != null).bit(false).bit(aliases != null);
        w.constrained(0, 65535);
        protocolIdentifier(w);
        ipAddress(w);
        terminal(w);
        if (gatekeeperId != null) {
            bmpString(w.constrained(gatekeeperId.length() - 1, 128), gatekeeperId);
        }
        if (aliases != null) {
            aliases(w, aliases);
        }
        return w.toBytes();
    }

    /** registrationRequest with the given terminalAlias and gatekeeperIdentifier (or none). */
    static byte[] registrationRequest(String gatekeeperId, List<Consumer<PerWriter>> aliases) {
        PerWriter w = new PerWriter();
        w.bit(false).bits(3, 5);
        w.bit(false).bit(false).bit(aliases != null).bit(gatekeeperId != null);
        w.constrained(0, 65535);
        protocolIdentifier(w);
        // discoveryComplete, callSignalAddress, rasAddress, terminalType
        w.bit(true);
        w.length(1).write(H323Messages::ipAddress);
        w.length(1).write(H323Messages::ipAddress);
        terminal(w);
        if (aliases != null) {
            aliases(w, aliases);
        }
        if (gatekeeperId != null) {
            bmpString(w.constrained(gatekeeperId.length() - 1, 128), gatekeeperId);
        }
        // endpointVendor: H221NonStandard only
        w.bit(false).bits(0, 2).bit(false).constrained(181, 256).constrained(0, 256).constrained(54, 65536);
        return w.toBytes();
    }

    /** GenericData {id standard 17, parameters {{id standard 1, content raw = the RAS message}}}. */
    static Consumer<PerWriter> rasOverH225(byte[] ras) {
        return w -> {
            w.bit(false).bit(true).write(standardId(17)).constrained(0, 512);
            w.bit(false).bit(true).write(standardId(1)).bit(false).bits(0, 4).length(ras.length).octets(ras);
        };
    }

    /** GenericIdentifier standard. */
    static Consumer<PerWriter> standardId(int id) {
        return w -> w.bit(false).bits(0, 2).bit(false).constrained(id, 16384);
    }

    /**
     * H323-UserInformation of an H.460.17 Facility, as h323plus builds it: body empty, h245Tunnelling, and
     * genericData holding the given elements.
     */
    static byte[] facilityUserInformation(List<Consumer<PerWriter>> genericData) {
        PerWriter w = new PerWriter();
        // H323-UserInformation: not extended, no user-data; H323-UU-PDU: extended, no nonStandardData
        w.bit(false).bit(false).bit(true).bit(false);
        // h323-message-body: extension 1, empty
        w.bit(true).normallySmall(1).openType(p -> { });
        // nine additions: h245Tunnelling and genericData present
        w.normallySmall(8).bits(0b010000001, 9);
        w.openType(p -> p.bit(true));
        w.openType(p -> {
            p.length(genericData.size());
            genericData.forEach(p::write);
        });
        return w.toBytes();
    }

    /** TPKT, Q.931 Facility (call reference 0) with an empty Facility IE, and the User-user IE. */
    static byte[] facility(byte[] userInformation) {
        return tpkt(q931(FACILITY, new byte[] {0x1c, 0x00}, userUser(userInformation)));
    }

    static byte[] h46017(byte[] ras) {
        return facility(facilityUserInformation(List.of(rasOverH225(ras))));
    }

    // ---- framing ----

    /** The User-user IE: 0x7e, a two-octet length, protocol discriminator 0x05, the PER encoding. */
    static byte[] userUser(byte[] userInformation) {
        int length = userInformation.length + 1;
        ByteArrayOutputStream ie = new ByteArrayOutputStream();
        ie.write(0x7e);
        ie.write(length >> 8);
        ie.write(length);
        ie.write(0x05);
        ie.writeBytes(userInformation);
        return ie.toByteArray();
    }

    /** A Q.931 message with call reference 0x0001 and the given information elements. */
    static byte[] q931(int messageType, byte[]... elements) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(new byte[] {0x08, 0x02, 0x00, 0x01, (byte) messageType});
        for (byte[] element : elements) {
            message.writeBytes(element);
        }
        return message.toByteArray();
    }

    static byte[] tpkt(byte[] payload) {
        int length = payload.length + 4;
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.writeBytes(new byte[] {0x03, 0x00, (byte) (length >> 8), (byte) length});
        packet.writeBytes(payload);
        return packet.toByteArray();
    }
}
