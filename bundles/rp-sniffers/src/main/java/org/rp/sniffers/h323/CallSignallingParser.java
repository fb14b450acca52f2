package org.rp.sniffers.h323;

import java.nio.ByteBuffer;

import org.rp.api.Facts;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;

/**
 * Reads the first H.225.0 call signalling message of a TCP connection: one TPKT packet (RFC 1006) holding a Q.931
 * message (as H.225.0 profiles it) whose User-user IE carries the H323-UserInformation. One instance per call, reading
 * {@code received[position, limit)} with absolute gets.
 * <p>
 * Which bytes are ours: a TPKT header (version 3, reserved 0) whose payload starts with Q.931's protocol
 * discriminator 0x08; and, to reject it rather than leave it, the same shape with another small version byte. A
 * TPKT carrying anything else (X.224 for RDP or ISO-on-TCP) is not H.323.
 * <p>
 * A first message opens a call (Setup) or registers (an H.460.17 Facility tunnelling a GRQ or RRQ); every other
 * message, and every fault inside, is rejected as soon as the bytes show it. A match waits for the whole packet.
 */
final class CallSignallingParser {
    /** Far above a real Setup (a few hundred bytes, about 1.5 KB with fast start and tokens). */
    static final int MAX_TPKT_LENGTH = 8192;
    private static final int TPKT_VERSION = 3;
    private static final int TPKT_HEADER = 4;
    /** Protocol discriminator, call reference length, a call reference of 2 octets, as H.225.0 requires, message type. */
    private static final int Q931_HEADER = 5;
    private static final int Q931 = 0x08;
    private static final int CALL_REFERENCE_LENGTH = 2;
    private static final int SETUP = 0x05;
    private static final int FACILITY = 0x62;
    /** Shift (Q.931): codeset in the low 3 bits, and this bit for a non-locking one. */
    private static final int SHIFT = 0x90;
    private static final int NON_LOCKING = 0x08;
    /** The User-user IE of codeset 0; in H.225.0 its length takes two octets. */
    private static final int USER_USER = 0x7e;
    /** User-user protocol discriminator: X.208 and X.209 coded user information, H.225.0's ASN.1. */
    private static final int X208_X209 = 0x05;

    private final ByteBuffer in;
    private final int start;
    private final int limit;
    private int packetEnd;
    private Findings found;

    CallSignallingParser(ByteBuffer received) {
        this.in = received;
        this.start = received.position();
        this.limit = received.limit();
    }

    SniffResult parse() {
        int version = byteAt(start);
        if (version < 0) {
            return SniffResult.NEED_MORE;
        }
        if (version != TPKT_VERSION) {
            return otherVersion(version);
        }
        int reserved = byteAt(start + 1);
        if (reserved != 0) {
            return reserved < 0 ? SniffResult.NEED_MORE : SniffResult.NOT_MINE;
        }
        if (start + TPKT_HEADER > limit) {
            return SniffResult.NEED_MORE;
        }
        int length = (byteAt(start + 2) << 8) | byteAt(start + 3);
        if (length > MAX_TPKT_LENGTH) {
            return SniffResult.reject(RejectReason.OVERSIZE,
                    "TPKT length " + length + " exceeds " + MAX_TPKT_LENGTH + " bytes");
        }
        if (length < TPKT_HEADER + Q931_HEADER) {
            return malformed("TPKT length " + length + " leaves no room for a Q.931 header");
        }
        packetEnd = start + length;
        int discriminator = byteAt(start + TPKT_HEADER);
        if (discriminator != Q931) {
            return discriminator < 0 ? SniffResult.NEED_MORE : SniffResult.NOT_MINE;
        }
        int callReferenceLength = byteAt(start + TPKT_HEADER + 1);
        if (callReferenceLength != CALL_REFERENCE_LENGTH) {
            return callReferenceLength < 0 ? SniffResult.NEED_MORE
                    : malformed("Q.931 call reference length " + callReferenceLength + ", H.225.0 requires 2");
        }
        int messageType = byteAt(start + TPKT_HEADER + Q931_HEADER - 1);
        if (messageType != SETUP && messageType != FACILITY) {
            return messageType < 0 ? SniffResult.NEED_MORE
                    : malformed("first H.225 message is " + messageName(messageType)
                            + ", expected Setup or H.460.17 Facility");
        }
        return informationElements(messageType == SETUP);
    }

    /** A TPKT header but for its version, followed by Q.931: broken H.323. Anything else is another protocol's. */
    private SniffResult otherVersion(int version) {
        // text protocols, TLS (0x16) and LDAP (0x30) go at the first byte
        if (version >= 0x10) {
            return SniffResult.NOT_MINE;
        }
        int reserved = byteAt(start + 1);
        if (reserved != 0) {
            return reserved < 0 ? SniffResult.NEED_MORE : SniffResult.NOT_MINE;
        }
        int discriminator = byteAt(start + TPKT_HEADER);
        if (discriminator != Q931) {
            return discriminator < 0 ? SniffResult.NEED_MORE : SniffResult.NOT_MINE;
        }
        return malformed("TPKT version " + version + ", expected 3");
    }

    /**
     * Walks the information elements to the end of the packet, decoding the User-user IE where it stands. Each
     * element moves at least one byte on, so the walk is bounded by the packet length.
     */
    private SniffResult informationElements(boolean setup) {
        // Q.931 codesets: a locking shift changes the codeset of all later elements, a non-locking one of the next
        int lockedCodeset = 0;
        int nextCodeset = -1;
        int i = start + TPKT_HEADER + Q931_HEADER;
        while (i < packetEnd) {
            int id = byteAt(i);
            if (id < 0) {
                return SniffResult.NEED_MORE;
            }
            int codeset = nextCodeset >= 0 ? nextCodeset : lockedCodeset;
            nextCodeset = -1;
            if ((id & 0x80) != 0) {
                // single-octet element: shift, more data, sending complete, congestion level, repeat indicator
                if ((id & 0xf0) == SHIFT) {
                    if ((id & NON_LOCKING) != 0) {
                        nextCodeset = id & 0x07;
                    } else {
                        lockedCodeset = id & 0x07;
                    }
                }
                i++;
                continue;
            }
            boolean userUser = id == USER_USER && codeset == 0;
            int contents = i + 1 + (userUser ? 2 : 1);
            if (contents > packetEnd) {
                return malformed(String.format("Q.931 information element 0x%02x runs past the end of the TPKT packet",
                        id));
            }
            if (contents > limit) {
                return SniffResult.NEED_MORE;
            }
            int length = userUser ? (byteAt(i + 1) << 8) | byteAt(i + 2) : byteAt(i + 1);
            if (contents + length > packetEnd) {
                return malformed(String.format(
                        "Q.931 information element 0x%02x (length %d) runs past the end of the TPKT packet", id, length));
            }
            if (userUser) {
                SniffResult answer = userUser(setup, contents, contents + length);
                if (answer != null) {
                    return answer;
                }
            }
            i = contents + length;
        }
        if (found == null) {
            return malformed("no User-user information element, so no H.225.0 message");
        }
        // the decoders stop at the routing facts, so the last element may still be arriving
        return limit < packetEnd ? SniffResult.NEED_MORE : SniffResult.match(facts(setup));
    }

    /** @return the answer if the User-user IE decides it, {@code null} if it decoded and the walk goes on */
    private SniffResult userUser(boolean setup, int from, int to) {
        if (found != null) {
            return malformed("two User-user information elements");
        }
        if (from == to) {
            return malformed("empty User-user information element");
        }
        int discriminator = byteAt(from);
        if (discriminator != X208_X209) {
            return discriminator < 0 ? SniffResult.NEED_MORE : malformed(String.format(
                    "User-user protocol discriminator 0x%02x, expected 0x05 (X.208/X.209 coded)", discriminator));
        }
        PerReader per = new PerReader(in, from + 1, to, limit);
        found = new Findings(in);
        UserInformationDecoder.decode(per, setup, found);
        if (per.needsMore()) {
            return SniffResult.NEED_MORE;
        }
        return per.problem() == null ? null : malformed(per.problem());
    }

    private Facts facts(boolean setup) {
        // attribute names and values as Wireshark shows them: h225.body numbers extension bodies after the root's 7
        Facts.Builder facts = Facts.builder(Protocol.H323).attribute("h323.tpkt", "yes");
        if (setup) {
            facts.attribute("q931.msg", "0x05").attribute("h225.body", "0");
            found.addSetupFacts(facts);
        } else {
            facts.attribute("q931.msg", "0x62").attribute("h225.body", "8");
            found.addRasFacts(facts);
        }
        found.addAliasAttributes(facts);
        return facts.build();
    }

    /** The Q.931 messages H.225.0 uses, by the names Q.931 gives them. */
    private static String messageName(int type) {
        switch (type) {
            case 0x01:
                return "Alerting (0x01)";
            case 0x02:
                return "Call Proceeding (0x02)";
            case 0x03:
                return "Progress (0x03)";
            case 0x07:
                return "Connect (0x07)";
            case 0x0d:
                return "Setup Acknowledge (0x0d)";
            case 0x5a:
                return "Release Complete (0x5a)";
            case 0x6e:
                return "Notify (0x6e)";
            case 0x75:
                return "Status Enquiry (0x75)";
            case 0x7b:
                return "Information (0x7b)";
            case 0x7d:
                return "Status (0x7d)";
            default:
                return String.format("Q.931 message type 0x%02x", type);
        }
    }

    /** @return the unsigned byte at {@code index}, or -1 if it has not arrived */
    private int byteAt(int index) {
        return index < limit ? in.get(index) & 0xff : -1;
    }

    private static SniffResult malformed(String detail) {
        return SniffResult.reject(RejectReason.MALFORMED, detail);
    }
}
