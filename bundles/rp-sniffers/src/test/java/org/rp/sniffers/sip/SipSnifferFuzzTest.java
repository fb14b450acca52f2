package org.rp.sniffers.sip;

import org.junit.Test;
import org.rp.sniffers.Corpus;
import org.rp.sniffers.Fuzzing;

public class SipSnifferFuzzTest {

    @Test(timeout = 600_000)
    public void mutatedCorpusGetsOnlyWellFormedAnswers() {
        long mutants = new Fuzzing(new SipSniffer(), Corpus.allBytes(), 0x5349_5032L).run();
        System.out.println("SipSniffer: " + mutants + " mutants in " + Fuzzing.seconds() + " s");
    }
}
