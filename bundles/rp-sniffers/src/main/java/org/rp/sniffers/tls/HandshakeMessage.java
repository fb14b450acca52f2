package org.rp.sniffers.tls;

import static org.rp.sniffers.tls.ClientHelloParser.malformed;
import static org.rp.sniffers.tls.ClientHelloParser.versionName;

import java.nio.ByteBuffer;

import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;

/**
 * The client's first handshake message as one run of bytes, read in place across the TLS records that carry it: a
 * handshake message may be fragmented over several records (RFC 8446 5.1), which a hello larger than a record needs
 * and tools that evade SNI filters do on purpose. Offsets count from the message's first byte (its type); no byte is
 * copied.
 * <p>
 * The header of a record after the first is checked only when {@link #require} needs its fragment, so that a fault
 * in it is found where it stands in the stream, after the faults of the bytes before it.
 */
final class HandshakeMessage {
    static final int RECORD_HEADER_LENGTH = 5;
    /** RFC 8446 5.1: a plaintext fragment is at most 2^14 bytes. */
    static final int MAX_FRAGMENT_LENGTH = 1 << 14;
    static final int HANDSHAKE = 22;
    static final int SSL_3_MAJOR = 3;
    /** Record versions 0x0300 (SSL 3.0 probes) to 0x0304; TLS 1.3 itself sends 0x0301 or 0x0303 (RFC 8446 5.1). */
    static final int MAX_RECORD_MINOR = 4;

    private final ByteBuffer in;
    private final int limit;
    private final int firstHeader;
    private final int firstLength;

    // the last record whose header has been checked: its fragment holds message bytes [checkedStart, checkedEnd)
    private int checkedHeader;
    private int checkedStart;
    private int checkedEnd;

    // the record the last read fell in, where the next read starts looking
    private int readHeader;
    private int readStart;
    private int readEnd;

    /**
     * @param firstHeader index of the first record's header, whose fields the caller has checked
     * @param firstLength that record's fragment length
     */
    HandshakeMessage(ByteBuffer in, int firstHeader, int firstLength) {
        this.in = in;
        this.limit = in.limit();
        this.firstHeader = firstHeader;
        this.firstLength = firstLength;
        this.checkedHeader = firstHeader;
        this.checkedEnd = firstLength;
        this.readHeader = firstHeader;
        this.readEnd = firstLength;
    }

    /** @return {@code null} if the fragment length is allowed, else the reject */
    static SniffResult checkFragmentLength(int length) {
        if (length == 0) {
            // RFC 8446 5.1: zero-length handshake fragments must not be sent
            return malformed("empty handshake record");
        }
        if (length > MAX_FRAGMENT_LENGTH) {
            return SniffResult.reject(RejectReason.OVERSIZE, "record of " + length + " bytes (at most 2^14)");
        }
        return null;
    }

    /**
     * Walks the record headers up to message byte {@code end}.
     *
     * @return {@code null} if message bytes {@code [0, end)} have arrived, need-more if not yet, or the reject for a
     *         record header on the way
     */
    SniffResult require(int end) {
        while (end > checkedEnd) {
            int header = checkedHeader + RECORD_HEADER_LENGTH + (checkedEnd - checkedStart);
            if (limit - header < RECORD_HEADER_LENGTH) {
                return SniffResult.NEED_MORE;
            }
            SniffResult problem = checkContinuation(header);
            if (problem != null) {
                return problem;
            }
            checkedHeader = header;
            checkedStart = checkedEnd;
            checkedEnd += fragmentLength(in, header);
        }
        return limit - (checkedHeader + RECORD_HEADER_LENGTH) >= end - checkedStart ? null : SniffResult.NEED_MORE;
    }

    /** Whether the record holding message byte {@code end - 1} ends there; {@link #require}{@code (end)} came first. */
    boolean recordEndsAt(int end) {
        return checkedEnd == end;
    }

    /** Reads message byte {@code offset}, which {@link #require} has seen arrive. */
    int u8(int offset) {
        return in.get(index(offset)) & 0xFF;
    }

    int u16(int offset) {
        return u8(offset) << 8 | u8(offset + 1);
    }

    int u24(int offset) {
        return u8(offset) << 16 | u16(offset + 1);
    }

    /** A later record of the hello: another handshake fragment, or a reject; handshakes must not interleave. */
    private SniffResult checkContinuation(int header) {
        int contentType = in.get(header) & 0xFF;
        if (contentType != HANDSHAKE) {
            return malformed("record of content type " + contentType + " inside the ClientHello");
        }
        int major = in.get(header + 1) & 0xFF;
        int minor = in.get(header + 2) & 0xFF;
        if (major != SSL_3_MAJOR || minor > MAX_RECORD_MINOR) {
            return malformed("record version " + versionName(major << 8 | minor) + " inside the ClientHello");
        }
        return checkFragmentLength(fragmentLength(in, header));
    }

    /** The length field of the record header at buffer index {@code header}. */
    static int fragmentLength(ByteBuffer in, int header) {
        return (in.get(header + 3) & 0xFF) << 8 | in.get(header + 4) & 0xFF;
    }

    /** Reads go forward almost always; one going back starts again from the first record. */
    private int index(int offset) {
        if (offset < readStart) {
            readHeader = firstHeader;
            readStart = 0;
            readEnd = firstLength;
        }
        // ends: offset < checkedEnd, and every checked fragment holds at least one byte
        while (offset >= readEnd) {
            readHeader += RECORD_HEADER_LENGTH + (readEnd - readStart);
            readStart = readEnd;
            readEnd += fragmentLength(in, readHeader);
        }
        return readHeader + RECORD_HEADER_LENGTH + (offset - readStart);
    }
}
