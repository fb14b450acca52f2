package org.rp.sniffers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;
import org.rp.api.Protocol;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.SniffResult.Kind;
import org.rp.api.sniff.Sniffer;
import org.rp.sniffers.h323.H323Sniffer;
import org.rp.sniffers.http.HttpSniffer;
import org.rp.sniffers.ldap.LdapSniffer;
import org.rp.sniffers.sip.SipSniffer;
import org.rp.sniffers.tls.TlsSniffer;

/**
 * A listener for several protocols asks every sniffer on the same bytes: no sniffer may claim another protocol's
 * first message (or the PROXY protocol headers rp does not accept), neither whole nor while it arrives.
 */
@RunWith(Parameterized.class)
public class SniffersLeaveOtherProtocolsTest {
    private final Sniffer sniffer;
    private final Corpus.Sample sample;

    public SniffersLeaveOtherProtocolsTest(Sniffer sniffer, Corpus.Sample sample, String name) {
        this.sniffer = sniffer;
        this.sample = sample;
    }

    @Parameters(name = "{2}")
    public static List<Object[]> pairs() {
        List<Object[]> pairs = new ArrayList<>();
        for (Sniffer sniffer : List.of(new HttpSniffer(), new TlsSniffer(), new LdapSniffer(), new H323Sniffer(),
                new SipSniffer())) {
            for (Corpus.Sample sample : Corpus.samplesOtherThan(sniffer.protocol().configName())) {
                pairs.add(new Object[] {sniffer, sample, sniffer.protocol().configName() + " sniffer on " + sample});
            }
        }
        return pairs;
    }

    @Test
    public void isNotMineOrNeedsMore() {
        SniffResult answer = new Sniffing(sniffer).consistently(sample.bytes());
        assertTrue(Sniffing.describe(answer), answer.kind() == Kind.NOT_MINE || answer.kind() == Kind.NEED_MORE);
    }

    @Test
    public void sipLetsAnHttpRequestGoByTheEndOfItsRequestLine() {
        byte[] bytes = sample.bytes();
        int firstLineEnd = new String(bytes, StandardCharsets.ISO_8859_1).indexOf('\n');
        if (sniffer.protocol() == Protocol.SIP && sample.protocol().equals("http") && firstLineEnd >= 0) {
            // so that a listener for both need not wait for the whole head to know it is HTTP
            assertEquals(Kind.NOT_MINE, new Sniffing(sniffer).prefix(bytes, firstLineEnd + 1).kind());
        }
    }
}
