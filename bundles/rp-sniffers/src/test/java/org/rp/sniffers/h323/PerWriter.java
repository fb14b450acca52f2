package org.rp.sniffers.h323;

import java.util.Arrays;
import java.util.function.Consumer;

/** Writes ASN.1 PER ALIGNED bit by bit, for hand-made test messages; the counterpart of {@link PerReader}. */
final class PerWriter {
    private byte[] bytes = new byte[64];
    private long bitLength;

    PerWriter bit(boolean set) {
        if ((bitLength >>> 3) == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        if (set) {
            bytes[(int) (bitLength >>> 3)] |= (byte) (0x80 >>> (bitLength & 7));
        }
        bitLength++;
        return this;
    }

    /** The low {@code count} bits of {@code value}, high bit first. */
    PerWriter bits(long value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            bit(((value >>> i) & 1) != 0);
        }
        return this;
    }

    PerWriter align() {
        while ((bitLength & 7) != 0) {
            bit(false);
        }
        return this;
    }

    /** Aligned octets. */
    PerWriter octets(int... values) {
        align();
        for (int value : values) {
            bits(value, 8);
        }
        return this;
    }

    PerWriter octets(byte[] values) {
        align();
        for (byte value : values) {
            bits(value, 8);
        }
        return this;
    }

    /** An unconstrained length determinant, aligned: one octet below 128, two below 16384. */
    PerWriter length(int length) {
        align();
        return length < 128 ? bits(length, 8) : bits(0x8000 | length, 16);
    }

    PerWriter normallySmall(int value) {
        return bit(false).bits(value, 6);
    }

    /** A constrained whole number the way {@link PerReader#constrained(int)} reads it. */
    PerWriter constrained(int value, int range) {
        if (range <= 255) {
            return bits(value, 32 - Integer.numberOfLeadingZeros(range - 1));
        }
        align();
        return bits(value, range == 256 ? 8 : 16);
    }

    /** An open type: the length of the inner encoding (at least one octet, as X.691 requires) and its octets. */
    PerWriter openType(Consumer<PerWriter> contents) {
        PerWriter inner = new PerWriter();
        contents.accept(inner);
        byte[] encoded = inner.bitLength == 0 ? new byte[1] : inner.toBytes();
        return length(encoded.length).octets(encoded);
    }

    PerWriter write(Consumer<PerWriter> part) {
        part.accept(this);
        return this;
    }

    byte[] toBytes() {
        return Arrays.copyOf(bytes, (int) ((bitLength + 7) >>> 3));
    }
}
