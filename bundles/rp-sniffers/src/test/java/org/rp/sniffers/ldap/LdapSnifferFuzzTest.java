package org.rp.sniffers.ldap;

import org.junit.Test;
import org.rp.sniffers.Corpus;
import org.rp.sniffers.Fuzzing;

public class LdapSnifferFuzzTest {

    @Test(timeout = 600_000)
    public void mutatedCorpusGetsOnlyWellFormedAnswers() {
        long mutants = new Fuzzing(new LdapSniffer(), Corpus.allBytes(), 0x4C44_4150L).run();
        System.out.println("LdapSniffer: " + mutants + " mutants in " + Fuzzing.seconds() + " s");
    }
}
