package org.rp.sniffers.h323;

import static org.junit.Assert.assertNotEquals;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.Test;
import org.rp.api.sniff.SniffResult;
import org.rp.sniffers.Corpus;
import org.rp.sniffers.Fuzzing;
import org.rp.sniffers.Sniffing;

public class H323SnifferFuzzTest {
    /** Mutants of H.323 messages asked byte by byte; about a second. */
    private static final int CONSISTENCY_MUTANTS = 2000;

    @Test(timeout = 600_000)
    public void mutatedCorpusGetsOnlyWellFormedAnswers() {
        long mutants = new Fuzzing(new H323Sniffer(), Corpus.allBytes(), 0x4832_3233L).run();
        System.out.println("H323Sniffer: " + mutants + " mutants in " + Fuzzing.seconds() + " s");
    }

    /**
     * The shared fuzzing checks each answer alone; this asks mutants of H.323 messages whole and in 1- and 7-byte
     * chunks, so that a broken message gets the same answer however it arrives. Mutations keep the TPKT header
     * half of the time, to reach the Q.931 and PER decoding behind it.
     */
    @Test(timeout = 600_000)
    public void mutatedH323MessagesAnswerTheSameHoweverTheyArrive() {
        List<byte[]> seeds = new ArrayList<>();
        Corpus.samplesOf("h323").forEach(sample -> seeds.add(sample.bytes()));
        seeds.add(H323Messages.h46017(H323Messages.gatekeeperRequest("gk", List.of(H323Messages.h323Id("bob")))));
        seeds.add(new H323Messages.Setup().destination(List.of(H323Messages.urlId("h323:bob@pbx.example.com"),
                H323Messages.partyNumber("202"))).message());
        Sniffing sniffing = new Sniffing(new H323Sniffer());
        Random random = new Random(0x5133_3931L);
        for (int n = 0; n < CONSISTENCY_MUTANTS; n++) {
            byte[] mutant = seeds.get(random.nextInt(seeds.size())).clone();
            int from = random.nextBoolean() ? 0 : 4;
            for (int changes = 1 + random.nextInt(3); changes > 0 && mutant.length > from; changes--) {
                int at = from + random.nextInt(mutant.length - from);
                mutant[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (mutant[at] ^ 1 << random.nextInt(8));
            }
            // Sniffing asserts the consistency; an exception or a null answer fails too
            SniffResult answer = sniffing.consistently(mutant);
            assertNotEquals(HexFormat.of().formatHex(mutant), null, answer.kind());
        }
    }
}
