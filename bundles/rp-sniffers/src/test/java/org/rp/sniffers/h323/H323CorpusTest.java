package org.rp.sniffers.h323;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

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

/**
 * Every {@code h323} row of the conformance index, replayed whole and in 1- and 7-byte chunks. The {@code ras_*}
 * rows are bare RAS datagrams (UDP 1719, see the index README): the TCP sniffer must leave them, and the RAS decoder
 * it uses for H.460.17 must read them as the index says.
 */
@RunWith(Parameterized.class)
public class H323CorpusTest {
    private static final Sniffing SNIFFING = new Sniffing(new H323Sniffer());
    private static final String RAS_DATAGRAM = "corpus/h323/ras_";

    /** Our choices where the index leaves the policy open. */
    private static final Map<String, Kind> POLICY = Map.of(
            // a GRQ without gatekeeperIdentifier matches with no host: the route table's default rule decides
            "route(default)|reject(no-gkid)", Kind.MATCH);

    /** The reject details of the corpus rows, so that each is refused for the reason its row names. */
    private static final Map<String, String> REJECT_DETAILS = Map.of(
            "corpus/h323/ndpi_overflow_4B.bin", "TPKT length 4 leaves no room for a Q.931 header",
            "corpus/h323/neg_tpkt_version_2.bin", "TPKT version 2, expected 3",
            "corpus/h323/neg_tpkt_length_short.bin", "TPKT length 8 leaves no room for a Q.931 header",
            "corpus/h323/neg_tpkt_len_65535_oversized.bin", "TPKT length 65535 exceeds 8192 bytes");

    private final Corpus.Sample sample;

    public H323CorpusTest(Corpus.Sample sample) {
        this.sample = sample;
    }

    @Parameters(name = "{0}")
    public static List<Corpus.Sample> samples() {
        return Corpus.samplesOf("h323");
    }

    @Test
    public void answersAsTheIndexExpects() {
        byte[] bytes = sample.bytes();
        if (sample.file().startsWith(RAS_DATAGRAM)) {
            assertEquals("the TCP sniffer leaves a bare RAS datagram", Kind.NOT_MINE,
                    SNIFFING.consistently(bytes).kind());
            assertAnswer(RasMessageDecoder.decodeDatagram(ByteBuffer.wrap(bytes).asReadOnlyBuffer()));
            return;
        }
        if (sample.expected().equals("reject(truncated)")) {
            // the TPKT length says more is coming: the listener's sniff timeout refuses it, never a match
            SNIFFING.needsMoreUpTo(bytes, bytes.length, 1);
            SNIFFING.needsMoreUpTo(bytes, bytes.length, 7);
            return;
        }
        assertAnswer(SNIFFING.consistently(bytes));
    }

    private void assertAnswer(SniffResult answer) {
        assertEquals(Sniffing.describe(answer), expectedKind(), answer.kind());
        if (answer.kind() == Kind.REJECT) {
            RejectReason reason = sample.expected().equals("reject(oversized)") ? RejectReason.OVERSIZE
                    : RejectReason.MALFORMED;
            assertEquals(reason, answer.reason());
            assertEquals(REJECT_DETAILS.get(sample.file()), answer.detail());
        } else {
            assertFacts(answer.facts());
        }
    }

    private Kind expectedKind() {
        String expected = sample.expected();
        if (expected.equals("route")) {
            return Kind.MATCH;
        }
        if (POLICY.containsKey(expected)) {
            return POLICY.get(expected);
        }
        if (expected.startsWith("reject(") && !expected.contains("|")) {
            return Kind.REJECT;
        }
        fail("index.tsv has a policy row that no test pins yet: " + expected);
        return null;
    }

    /** The attributes are exactly the row's routing keys; the routing facts follow from them. */
    private void assertFacts(Facts facts) {
        Map<String, String> keys = sample.routingKeys();
        assertEquals(keys, facts.attributes());
        String gatekeeper = keys.get("h225.gkid");
        if (keys.containsKey("h323.ras")) {
            String lowerCase = gatekeeper == null ? null : gatekeeper.toLowerCase(java.util.Locale.ROOT);
            assertEquals("host", lowerCase, facts.host());
            assertEquals("gatekeeperId", lowerCase, facts.gatekeeperId());
            assertNull("alias", facts.alias());
        } else {
            // no Setup of the corpus names a destination alias: they call an address (destCallSignalAddress)
            assertNull("host", facts.host());
            assertNull("alias", facts.alias());
            assertNull("gatekeeperId", facts.gatekeeperId());
        }
    }
}
