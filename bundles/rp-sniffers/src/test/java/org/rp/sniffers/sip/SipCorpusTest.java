package org.rp.sniffers.sip;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;
import org.rp.api.Facts;
import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.SniffResult.Kind;
import org.rp.sniffers.Corpus;
import org.rp.sniffers.Sniffing;

/** Every {@code sip} row of the conformance index, replayed whole and in 1- and 7-byte chunks. */
@RunWith(Parameterized.class)
public class SipCorpusTest {
    private static final Sniffing SNIFFING = new Sniffing(new SipSniffer());

    /**
     * Rows the sniffer cannot end alone: a head without its empty line. The listener's {@code sniff.timeout.ms} ends
     * it; until then the sniffer must keep answering need-more, never match.
     */
    private static final Set<String> ENDED_BY_THE_LISTENER = Set.of("reject(timeout/incomplete)", "reject(truncated)");

    /**
     * Our choices where the index leaves the policy open: the 9.5 KB OPTIONS (ten long Via headers) is within the
     * 16 KiB head limit, so it is routed.
     */
    private static final Map<String, Kind> POLICY = Map.of("route|reject(oversized)", Kind.MATCH);

    private final Corpus.Sample sample;

    public SipCorpusTest(Corpus.Sample sample) {
        this.sample = sample;
    }

    @Parameters(name = "{0}")
    public static List<Corpus.Sample> samples() {
        return Corpus.samplesOf("sip");
    }

    @Test
    public void answersAsTheIndexExpects() {
        byte[] bytes = sample.bytes();
        if (ENDED_BY_THE_LISTENER.contains(sample.expected())) {
            SNIFFING.needsMoreUpTo(bytes, bytes.length, 1);
            SNIFFING.needsMoreUpTo(bytes, bytes.length, 7);
            return;
        }
        SniffResult answer = SNIFFING.consistently(bytes);
        String expected = sample.expected();
        if (expected.equals("route") || POLICY.get(expected) == Kind.MATCH) {
            assertEquals(Sniffing.describe(answer), Kind.MATCH, answer.kind());
            assertRoutingKeys(answer.facts());
        } else if (expected.equals("reject(malformed)")) {
            assertEquals(Sniffing.describe(answer), RejectReason.MALFORMED, answer.reason());
        } else if (expected.equals("reject(oversized)")) {
            assertEquals(Sniffing.describe(answer), RejectReason.OVERSIZE, answer.reason());
        } else {
            fail("index.tsv has a row that no test pins yet: " + expected);
        }
    }

    private void assertRoutingKeys(Facts facts) {
        Map<String, String> keys = sample.routingKeys();
        assertEquals("method", keys.get("sip.method"), facts.attribute("sip.method"));
        assertEquals("Request-URI host", keys.get("sip.ruri.host"), facts.attribute("sip.ruri.host"));
        assertEquals("To host", keys.get("sip.to.host"), facts.attribute("sip.to.host"));
        String ruriHost = keys.get("sip.ruri.host");
        String toHost = keys.get("sip.to.host");
        String routingKey = isAddress(ruriHost) && !isAddress(toHost) ? toHost : ruriHost;
        assertEquals("routing key", routingKey, facts.host());
        assertEquals("SIP domain", routingKey, facts.sipDomain());
    }

    private static boolean isAddress(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }
}
