package org.rp.sniffers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.rp.api.Facts;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.Sniffer;

/**
 * Asks a {@link Sniffer} the way the listener does: with everything received so far, in a read-only buffer that
 * does not start at index 0, again after every chunk. Each answer is checked against the answer for all the bytes:
 * a prefix may only need more or give that same answer, and once decided must stay decided.
 */
public final class Sniffing {
    /** Bytes in front of the buffer's position, to catch indexes taken from 0 instead of the position. */
    private static final int OFFSET = 5;

    private final Sniffer sniffer;

    public Sniffing(Sniffer sniffer) {
        this.sniffer = sniffer;
    }

    public static byte[] bytes(String head) {
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The answer for all of {@code bytes}, checked to be the same whether they arrive whole, byte by byte or 7 at a time. */
    public SniffResult consistently(byte[] bytes) {
        byte[] embedded = embed(bytes);
        SniffResult whole = sniff(embedded, bytes.length);
        inChunks(embedded, bytes.length, 1, whole);
        inChunks(embedded, bytes.length, 7, whole);
        return whole;
    }

    public SniffResult consistently(String head) {
        return consistently(bytes(head));
    }

    /** Asserts that every prefix up to {@code length} bytes, fed in {@code chunk}s, needs more. */
    public void needsMoreUpTo(byte[] bytes, int length, int chunk) {
        byte[] embedded = embed(bytes);
        for (int prefix = Math.min(chunk, length); ; prefix = Math.min(prefix + chunk, length)) {
            SniffResult answer = sniff(embedded, prefix);
            assertEquals("answer after " + prefix + " bytes", SniffResult.Kind.NEED_MORE, answer.kind());
            if (prefix == length) {
                return;
            }
        }
    }

    /** Sniffs {@code bytes[0, length)} once. */
    public SniffResult prefix(byte[] bytes, int length) {
        return sniff(embed(bytes), length);
    }

    private static byte[] embed(byte[] bytes) {
        byte[] embedded = new byte[OFFSET + bytes.length];
        Arrays.fill(embedded, 0, OFFSET, (byte) 'X');
        System.arraycopy(bytes, 0, embedded, OFFSET, bytes.length);
        return embedded;
    }

    /** Sniffs {@code length} bytes after {@link #OFFSET} and checks that the buffer's position and limit stay put. */
    private SniffResult sniff(byte[] embedded, int length) {
        ByteBuffer received = ByteBuffer.wrap(embedded, OFFSET, length).asReadOnlyBuffer();
        SniffResult answer = sniffer.sniff(received);
        assertEquals("position", OFFSET, received.position());
        assertEquals("limit", OFFSET + length, received.limit());
        return answer;
    }

    /** Everything an answer says, so that two answers can be compared with one assertEquals. */
    public static String describe(SniffResult answer) {
        switch (answer.kind()) {
            case MATCH:
                Facts facts = answer.facts();
                return "match " + facts + (facts.http() == null ? "" : " " + facts.http());
            case REJECT:
                return "reject " + answer.reason() + ": " + answer.detail();
            default:
                return answer.kind().toString();
        }
    }

    private void inChunks(byte[] embedded, int length, int chunk, SniffResult whole) {
        boolean decided = false;
        for (int prefix = Math.min(chunk, length); ; prefix = Math.min(prefix + chunk, length)) {
            SniffResult answer = sniff(embedded, prefix);
            String where = "after " + prefix + " of " + length + " bytes in chunks of " + chunk;
            if (answer.kind() == SniffResult.Kind.NEED_MORE) {
                assertFalse("needs more again " + where, decided);
            } else {
                assertEquals(where, describe(whole), describe(answer));
                decided = true;
            }
            if (prefix == length) {
                return;
            }
        }
    }
}
