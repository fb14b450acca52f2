package org.rp.sniffers.tls;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.Test;
import org.rp.sniffers.Corpus;
import org.rp.sniffers.Fuzzing;
import org.rp.sniffers.Sniffing;

public class TlsSnifferFuzzTest {
    private static final long SEED = 0x544C_5331L;

    @Test(timeout = 600_000)
    public void mutatedCorpusGetsOnlyWellFormedAnswers() {
        long mutants = new Fuzzing(new TlsSniffer(), Corpus.allBytes(), SEED).run();
        System.out.println("TlsSniffer: " + mutants + " mutants in " + Fuzzing.seconds() + " s");
    }

    /**
     * Mutated hellos, also fragmented over records, answer the same whole as byte by byte and 7 bytes at a time:
     * a corrupt length must not make a prefix decide differently from the whole.
     */
    @Test(timeout = 600_000)
    public void mutatedHellosAnswerTheSameInEveryChunking() {
        List<byte[]> seeds = new ArrayList<>();
        for (Corpus.Sample sample : Corpus.samplesOf("tls")) {
            byte[] bytes = sample.bytes();
            seeds.add(bytes);
            if (bytes.length > 9 && bytes[0] == 22) {
                seeds.add(ClientHelloBuilder.refragmented(bytes, 61));
            }
        }
        Sniffing sniffing = new Sniffing(new TlsSniffer());
        Random random = new Random(SEED);
        long deadline = System.nanoTime() + Fuzzing.seconds() * 1_000_000_000L;
        long mutants = 0;
        while (System.nanoTime() < deadline) {
            byte[] mutant = seeds.get(random.nextInt(seeds.size())).clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                // most hello bytes are random or key material; the lengths and types are near the front
                int at = random.nextInt(random.nextBoolean() ? Math.min(mutant.length, 128) : mutant.length);
                mutant[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : mutant[at] + random.nextInt(5) - 2);
            }
            try {
                sniffing.consistently(mutant);
            } catch (AssertionError e) {
                throw new AssertionError("mutant " + HexFormat.of().formatHex(mutant), e);
            }
            mutants++;
        }
        System.out.println("TlsSniffer: " + mutants + " mutants checked in every chunking");
    }
}
