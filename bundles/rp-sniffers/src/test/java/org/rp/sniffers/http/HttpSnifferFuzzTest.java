package org.rp.sniffers.http;

import org.junit.Test;
import org.rp.sniffers.Corpus;
import org.rp.sniffers.Fuzzing;

public class HttpSnifferFuzzTest {

    @Test(timeout = 600_000)
    public void mutatedCorpusGetsOnlyWellFormedAnswers() {
        long mutants = new Fuzzing(new HttpSniffer(), Corpus.allBytes(), 0x4854_5450L).run();
        System.out.println("HttpSniffer: " + mutants + " mutants in " + Fuzzing.seconds() + " s");
    }
}
