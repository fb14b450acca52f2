package org.rp.sniffers.http;

import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.SniffResult.Kind;
import org.rp.sniffers.Corpus;
import org.rp.sniffers.Sniffing;

/**
 * The other sniffers of a listener are asked on the same bytes: the HTTP sniffer must never claim a TLS, LDAP,
 * H.323, SIP or PROXY protocol first message, neither whole nor while it arrives.
 */
@RunWith(Parameterized.class)
public class HttpSnifferLeavesOtherProtocolsTest {
    private static final Sniffing SNIFFING = new Sniffing(new HttpSniffer());
    private final Corpus.Sample sample;

    public HttpSnifferLeavesOtherProtocolsTest(Corpus.Sample sample) {
        this.sample = sample;
    }

    @Parameters(name = "{0}")
    public static List<Corpus.Sample> samples() {
        return Corpus.samplesOtherThan("http");
    }

    @Test
    public void isNotMineOrNeedsMore() {
        SniffResult answer = SNIFFING.consistently(sample.bytes());
        assertTrue(Sniffing.describe(answer), answer.kind() == Kind.NOT_MINE || answer.kind() == Kind.NEED_MORE);
    }
}
