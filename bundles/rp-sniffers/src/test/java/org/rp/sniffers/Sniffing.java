package org.rp.sniffers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.rp.api.Facts;
import org.rp.api.RejectReason;
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

    /**
     * Replays a corpus sample as the index expects it: a row that means NEED_MORE must need more at every prefix (the
     * listener's timeout then ends the connection); any other row must give its kind, a reject with the row's reason.
     *
     * @param kinds   what each {@code expected} value of the index means for this sniffer; a value not in it fails
     * @param reasons the reason of each {@code expected} value that means REJECT
     * @return the answer for the whole sample, or {@code null} for a NEED_MORE row
     */
    public SniffResult replay(Corpus.Sample sample, Map<String, SniffResult.Kind> kinds,
                              Map<String, RejectReason> reasons) {
        SniffResult.Kind expected = kinds.get(sample.expected());
        assertNotNull("index.tsv has an expectation that no test pins yet: " + sample.expected(), expected);
        byte[] bytes = sample.bytes();
        if (expected == SniffResult.Kind.NEED_MORE) {
            needsMoreUpTo(bytes, bytes.length, 1);
            needsMoreUpTo(bytes, bytes.length, 7);
            return null;
        }
        SniffResult answer = consistently(bytes);
        assertEquals(describe(answer), expected, answer.kind());
        if (expected == SniffResult.Kind.REJECT) {
            assertEquals(describe(answer), reasons.get(sample.expected()), answer.reason());
        }
        return answer;
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
