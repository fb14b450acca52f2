package org.rp.sniffers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.Sniffer;

/**
 * Feeds a sniffer random mutations of real first messages for a bounded time, with a fixed seed so that a failure
 * can be replayed. Every answer must be one of the four kinds, complete (a match has facts, a reject a reason),
 * and no read may leave the window it was given: the buffer is a read-only slice, so an index before its start or
 * past its limit throws. A prefix of a mutant must need more or give the mutant's own answer: once decided, a
 * sniffer may not change its mind as more bytes arrive.
 * <p>
 * The time per sniffer comes from the system property {@code rp.fuzz.seconds} (a few seconds in the normal build,
 * more with {@code mvn -Pfuzz}).
 */
public final class Fuzzing {
    public static final String SECONDS_PROPERTY = "rp.fuzz.seconds";
    private static final byte[] INTERESTING = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff, '\r', '\n', ' ', ':', '@', '.', 0x30};

    private final Sniffer sniffer;
    private final List<byte[]> seeds;
    private final Random random;

    /**
     * @param seeds real messages to mutate (usually every corpus sample, of every protocol: the sniffer must stay
     *              sane on bytes that are not its own, too)
     */
    public Fuzzing(Sniffer sniffer, List<byte[]> seeds, long seed) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds");
        }
        this.sniffer = sniffer;
        this.seeds = seeds;
        this.random = new Random(seed);
    }

    public static long seconds() {
        return Long.getLong(SECONDS_PROPERTY, 2);
    }

    /** @return how many mutants were asked, for the test's log */
    public long run() {
        long deadline = System.nanoTime() + seconds() * 1_000_000_000L;
        long mutants = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 100; i++, mutants++) {
                byte[] mutant = mutate(seeds.get(random.nextInt(seeds.size())));
                SniffResult whole = check(mutant, mutant.length, mutants);
                if (mutant.length > 1) {
                    SniffResult prefix = check(mutant, 1 + random.nextInt(mutant.length - 1), mutants);
                    if (prefix.kind() != SniffResult.Kind.NEED_MORE
                            && !Sniffing.describe(whole).equals(Sniffing.describe(prefix))) {
                        assertEquals("mutant " + mutants + ", a prefix decided otherwise: "
                                + HexFormat.of().formatHex(mutant), Sniffing.describe(whole), Sniffing.describe(prefix));
                    }
                }
            }
        }
        return mutants;
    }

    private SniffResult check(byte[] mutant, int length, long number) {
        int offset = random.nextInt(8);
        byte[] framed = new byte[offset + length + 8];
        System.arraycopy(mutant, 0, framed, offset, length);
        ByteBuffer window = ByteBuffer.wrap(framed, offset, length).slice().asReadOnlyBuffer();
        SniffResult answer;
        try {
            answer = sniffer.sniff(window);
        } catch (RuntimeException e) {
            throw new AssertionError("mutant " + number + " (" + length + " bytes) threw: "
                    + HexFormat.of().formatHex(mutant, 0, length), e);
        }
        if (!wellFormed(answer)) {
            fail("mutant " + number + " answered " + answer + ": " + HexFormat.of().formatHex(mutant, 0, length));
        }
        return answer;
    }

    /** Every kind complete: a match has facts of this sniffer's protocol, a reject a reason. */
    private boolean wellFormed(SniffResult answer) {
        if (answer == null) {
            return false;
        }
        switch (answer.kind()) {
            case MATCH:
                return answer.facts() != null && answer.facts().protocol() == sniffer.protocol();
            case REJECT:
                return answer.reason() != null;
            default:
                return answer.kind() == SniffResult.Kind.NEED_MORE || answer.kind() == SniffResult.Kind.NOT_MINE;
        }
    }

    private byte[] mutate(byte[] seed) {
        byte[] bytes = seed.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds && bytes.length > 0; r++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(7)) {
                case 0:
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                    break;
                case 1:
                    bytes[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                    break;
                case 2:
                    bytes[at] = (byte) random.nextInt(256);
                    break;
                case 3:
                    bytes = remove(bytes, at, 1 + random.nextInt(Math.min(16, bytes.length - at)));
                    break;
                case 4:
                    bytes = insert(bytes, at, randomBytes(1 + random.nextInt(16)));
                    break;
                case 5:
                    int length = 1 + random.nextInt(Math.min(32, bytes.length - at));
                    bytes = insert(bytes, random.nextInt(bytes.length + 1), Arrays.copyOfRange(bytes, at, at + length));
                    break;
                default:
                    bytes = Arrays.copyOf(bytes, at);
                    break;
            }
        }
        return bytes;
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] remove(byte[] bytes, int at, int length) {
        byte[] out = new byte[bytes.length - length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + length, out, at, bytes.length - at - length);
        return out;
    }

    private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
        byte[] out = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
        return out;
    }
}
