package org.rp.sniffers.ldap;

import java.nio.ByteBuffer;

import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;

/**
 * Reads the headers of BER elements (X.690 8.1) the way LDAP allows them (RFC 4511 5.1): one identifier octet,
 * definite lengths only, in at most 4 length octets (minimal encoding is not required, Active Directory sends
 * {@code 84 00 00 00 4b}). Every length is checked against the element that encloses it before it is used, so no
 * index derived from the wire can leave the message.
 * <p>
 * A cursor: {@link #read} describes the element it found in {@link #tag()}, {@link #contentStart()} and
 * {@link #end()}, until the next call. Reads with absolute gets only.
 */
final class BerReader {
    /** Passed as the enclosing end of the outermost element, which has none. */
    static final int NO_ENCLOSING_ELEMENT = Integer.MAX_VALUE;
    private static final int MAX_LENGTH_OCTETS = 4;

    private final ByteBuffer in;
    private final int limit;

    private int tag;
    private int contentStart;
    private long length;

    BerReader(ByteBuffer in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    /** The identifier octet of the element last read, 0 to 255. */
    int tag() {
        return tag;
    }

    int contentStart() {
        return contentStart;
    }

    /** The length the element's header states; for the outermost element it is not yet checked against anything. */
    long length() {
        return length;
    }

    /** Where the element last read by {@link #read} ends (after {@link #header}, only once its length is checked). */
    int end() {
        return contentStart + (int) length;
    }

    /**
     * Reads the header of the element at {@code at}, which must lie within an element ending at {@code enclosingEnd},
     * and checks that its contents do too.
     *
     * @param what the element's name in reject details
     * @return {@code null} if it was read; need-more if part of the header has not arrived; a malformed reject
     */
    SniffResult read(int at, int enclosingEnd, String what) {
        SniffResult header = header(at, enclosingEnd, what);
        if (header != null) {
            return header;
        }
        return length <= enclosingEnd - contentStart ? null : malformed(what + " is longer than its enclosing element");
    }

    /**
     * Like {@link #read}, but leaves the length unchecked, for the caller to hold against a limit first. {@code at}
     * may lie past the bytes received so far, after an element whose contents were not waited for.
     */
    SniffResult header(int at, int enclosingEnd, String what) {
        if (at == enclosingEnd) {
            return malformed(what + " is missing");
        }
        if (at >= limit) {
            return SniffResult.NEED_MORE;
        }
        tag = in.get(at) & 0xFF;
        if ((tag & 0x1F) == 0x1F) {
            return malformed(what + " has a multi-octet tag");
        }
        if (enclosingEnd - at < 2) {
            return malformed(what + " is cut off by its enclosing element");
        }
        if (limit - at < 2) {
            return SniffResult.NEED_MORE;
        }
        int first = in.get(at + 1) & 0xFF;
        if (first < 0x80) {
            contentStart = at + 2;
            length = first;
            return null;
        }
        if (first == 0x80) {
            return malformed(what + " has an indefinite length");
        }
        int octets = first & 0x7F;
        if (octets > MAX_LENGTH_OCTETS) {
            return malformed(what + " has more than 4 length octets");
        }
        if (enclosingEnd - at - 2 < octets) {
            return malformed(what + " is cut off by its enclosing element");
        }
        if (limit - at - 2 < octets) {
            return SniffResult.NEED_MORE;
        }
        long value = 0;
        for (int k = 0; k < octets; k++) {
            value = value << 8 | (in.get(at + 2 + k) & 0xFF);
        }
        contentStart = at + 2 + octets;
        length = value;
        return null;
    }

    static SniffResult malformed(String detail) {
        return SniffResult.reject(RejectReason.MALFORMED, detail);
    }
}
