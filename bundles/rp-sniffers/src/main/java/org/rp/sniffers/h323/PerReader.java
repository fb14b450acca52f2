package org.rp.sniffers.h323;

import java.nio.ByteBuffer;

/**
 * Reads ASN.1 PER, ALIGNED variant (ITU-T X.691), bit by bit from a buffer with absolute gets, without copying.
 * <p>
 * Failures are sticky instead of thrown: the first read that cannot be done records why, every later read returns
 * 0 and moves nothing, and the decoders check {@link #failed()} in their loops and when they are done. A read can
 * fail in two ways, and which one depends only on lengths already read, never on how many bytes have arrived:
 * <ul>
 * <li>it runs past the end of the enclosing encoding (the User-user IE, an open type, an octet string): the
 *     message is malformed, {@link #problem()};</li>
 * <li>it stays inside that encoding but past the bytes received so far: {@link #needsMore()}.</li>
 * </ul>
 * So a prefix of a message fails the same way as the whole message, or needs more.
 */
final class PerReader {
    private final ByteBuffer in;
    /** Bit index where the received bytes end. */
    private final long available;
    /** Bit index of the next bit to read; a byte index times 8 plus the bit within it, 0 being the high bit. */
    private long position;
    /** Bit index where the innermost encoding being read ends. */
    private long end;
    /** What is being read, for the detail of a truncated encoding. */
    private String section = "H.225.0";
    private String problem;
    private boolean needMore;

    /**
     * @param from      byte index where the encoding starts
     * @param end       byte index where its declared length ends
     * @param available byte index where the received bytes end (may be before or after {@code end})
     */
    PerReader(ByteBuffer in, int from, int end, int available) {
        this.in = in;
        this.position = (long) from << 3;
        this.end = (long) end << 3;
        this.available = (long) available << 3;
    }

    /** Names what the next reads belong to, e.g. {@code "Setup-UUIE sourceInfo"}, for the detail of a truncation. */
    void section(String name) {
        section = name;
    }

    boolean failed() {
        return problem != null || needMore;
    }

    /** @return why the encoding is malformed, or {@code null} */
    String problem() {
        return problem;
    }

    boolean needsMore() {
        return needMore;
    }

    /** Records that the encoding is malformed, unless a read already failed (the first failure decides). */
    void fail(String detail) {
        if (!failed()) {
            problem = detail;
        }
    }

    boolean bit() {
        if (!fits(1)) {
            return false;
        }
        long p = position++;
        return (in.get((int) (p >>> 3)) & (0x80 >>> (p & 7))) != 0;
    }

    /** @param count 0 to 31 */
    int bits(int count) {
        if (!fits(count)) {
            return 0;
        }
        int value = 0;
        long p = position;
        int left = count;
        while (left > 0) {
            int used = (int) (p & 7);
            int take = Math.min(8 - used, left);
            int octet = in.get((int) (p >>> 3)) & 0xff;
            value = (value << take) | ((octet >>> (8 - used - take)) & ((1 << take) - 1));
            left -= take;
            p += take;
        }
        position = p;
        return value;
    }

    /**
     * A constrained whole number (X.691, ALIGNED variant): in the fewest bits for a range up to 255, in one aligned
     * octet for 256, in two for up to 65536.
     *
     * @param range upper bound minus lower bound plus 1, 2 to 65536
     * @return the offset from the lower bound; a value outside the range is malformed
     */
    int constrained(int range) {
        int value;
        if (range <= 255) {
            value = bits(32 - Integer.numberOfLeadingZeros(range - 1));
        } else {
            align();
            value = bits(range == 256 ? 8 : 16);
        }
        if (value >= range) {
            fail(section + ": value " + value + " is out of its range");
        }
        return value;
    }

    /**
     * An unconstrained length determinant (X.691): one octet below 128, two below 16384. Longer ones come
     * in 16K fragments, which no message that fits a TPKT packet needs.
     */
    int length() {
        align();
        int first = bits(8);
        if (first < 0x80) {
            return first;
        }
        if (first < 0xc0) {
            return (first & 0x3f) << 8 | bits(8);
        }
        fail(section + ": fragmented length (16K or more)");
        return 0;
    }

    /** A normally small non-negative whole number (X.691): extension indexes and bitmap lengths, below 64 here. */
    int normallySmall() {
        if (bit()) {
            fail(section + ": extension index or count of 64 or more");
            return 0;
        }
        return bits(6);
    }

    /** Moves to the next octet boundary: padding bits of the octet being read are there already. */
    void align() {
        if (!failed()) {
            position = (position + 7) & ~7L;
        }
    }

    /**
     * Aligns and passes over {@code count} octets that the caller then reads with {@link #octet(int)}.
     *
     * @return the byte index of the first of them, or -1 if they are not all there
     */
    int octets(int count) {
        return aligned((long) count << 3);
    }

    /**
     * Aligns and passes over {@code count} bits, such as the 4-bit characters of a digit string, that need not end
     * on an octet boundary: what follows them starts right after.
     *
     * @return the byte index where they start, or -1 if they are not all there
     */
    int aligned(long count) {
        align();
        if (!fits(count)) {
            return -1;
        }
        int first = (int) (position >>> 3);
        position += count;
        return first;
    }

    /** @param index a byte index inside a range returned by {@link #octets(int)} */
    int octet(int index) {
        return in.get(index) & 0xff;
    }

    /** An open type (X.691): a length and that many octets holding an encoding this reader need not know. */
    void skipOpenType() {
        octets(length());
    }

    /**
     * Reads the extension bit of an extensible CHOICE and, if set, passes over the chosen extension alternative.
     *
     * @return whether an extension alternative was chosen (and passed over)
     */
    boolean extensionChoice() {
        if (!bit()) {
            return false;
        }
        normallySmall();
        skipOpenType();
        return true;
    }

    /** Passes over the extension additions of a SEQUENCE whose extension bit was set, after its root components. */
    void skipExtensions() {
        int count = normallySmall() + 1;
        int present = 0;
        for (int i = 0; i < count; i++) {
            if (bit()) {
                present++;
            }
        }
        for (int i = 0; i < present && !failed(); i++) {
            skipOpenType();
        }
    }

    /**
     * Reads the length of an open type or octet string and makes its end the end of what may be read, so that its
     * contents cannot run into what follows.
     *
     * @return the enclosing end, to hand back to {@link #leave(long)}
     */
    long enter() {
        int octets = length();
        long outer = end;
        if (failed()) {
            return outer;
        }
        long inner = position + ((long) octets << 3);
        if (inner > end) {
            fail(section + ": length " + octets + " runs past the end of its enclosing encoding");
        } else {
            end = inner;
        }
        return outer;
    }

    /** Moves past the encoding entered last, whatever of it was left unread, and restores the enclosing end. */
    void leave(long outer) {
        if (!failed()) {
            position = end;
            end = outer;
        }
    }

    private boolean fits(long count) {
        if (failed()) {
            return false;
        }
        if (position + count > end) {
            problem = section + " runs past the end of its enclosing encoding";
            return false;
        }
        if (position + count > available) {
            needMore = true;
            return false;
        }
        return true;
    }
}
