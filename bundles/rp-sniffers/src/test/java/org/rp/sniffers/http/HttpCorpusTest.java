package org.rp.sniffers.http;

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
import org.rp.api.HttpHead;
import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.SniffResult.Kind;
import org.rp.sniffers.Corpus;
import org.rp.sniffers.Sniffing;

/** Every {@code http} row of the conformance index, replayed whole and in 1- and 7-byte chunks. */
@RunWith(Parameterized.class)
public class HttpCorpusTest {
    private static final Sniffing SNIFFING = new Sniffing(new HttpSniffer());
    /** The listener default of {@code first.message.max.bytes} (docs/config.md): the caller rejects beyond it. */
    private static final int FIRST_MESSAGE_MAX_BYTES = 16384;

    /**
     * Rows the sniffer cannot end alone: a head without its empty line, or one larger than the listener allows.
     * The listener's {@code sniff.timeout.ms} and {@code first.message.max.bytes} reject those; until then the
     * sniffer must keep answering need-more, never match.
     */
    private static final Set<String> ENDED_BY_THE_LISTENER = Set.of("reject(timeout/incomplete)", "reject(oversized)");

    /** Our choices where the index leaves the policy open. */
    private static final Map<String, Kind> POLICY = Map.of(
            // lenient parsers accept bare LF; a proxy that does while the server does not can be smuggled past
            "route|reject(bare-LF)", Kind.REJECT,
            // whether a head without a routing key is routed is the route table's call (default rule or not);
            // this sample carries a Host anyway
            "route(default)|reject(no-host)", Kind.MATCH);

    private final Corpus.Sample sample;

    public HttpCorpusTest(Corpus.Sample sample) {
        this.sample = sample;
    }

    @Parameters(name = "{0}")
    public static List<Corpus.Sample> samples() {
        return Corpus.samplesOf("http");
    }

    @Test
    public void answersAsTheIndexExpects() {
        byte[] bytes = sample.bytes();
        if (ENDED_BY_THE_LISTENER.contains(sample.expected())) {
            int seen = Math.min(bytes.length, FIRST_MESSAGE_MAX_BYTES);
            SNIFFING.needsMoreUpTo(bytes, seen, 1);
            SNIFFING.needsMoreUpTo(bytes, seen, 7);
            return;
        }
        SniffResult answer = SNIFFING.consistently(bytes);
        assertEquals(Sniffing.describe(answer), expectedKind(), answer.kind());
        if (answer.kind() == Kind.REJECT) {
            assertEquals(RejectReason.MALFORMED, answer.reason());
        } else if (answer.kind() == Kind.MATCH) {
            assertRoutingKeys(answer.facts(), bytes.length);
        }
    }

    private Kind expectedKind() {
        String expected = sample.expected();
        if (expected.equals("route")) {
            return Kind.MATCH;
        }
        if (expected.equals("reject(unknown-protocol)")) {
            // not HTTP at all: the listener rejects it when no sniffer claims it
            return Kind.NOT_MINE;
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

    private void assertRoutingKeys(Facts facts, int sampleLength) {
        Map<String, String> keys = sample.routingKeys();
        HttpHead head = facts.http();
        assertEquals("method", keys.get("http.method"), head.method());
        assertEquals("host", withoutPort(keys.get("http.host")), facts.host());
        String indexPath = keys.get("http.path");
        int scheme = indexPath.indexOf("://");
        if (scheme >= 0) {
            // Wireshark shows an absolute-form target whole; the routed path is its path component
            assertEquals("target", indexPath, head.target());
            int pathStart = indexPath.indexOf('/', scheme + 3);
            indexPath = pathStart < 0 ? "/" : indexPath.substring(pathStart);
        }
        assertEquals("path", indexPath, facts.path());
        assertEquals("webSocket", "websocket".equals(keys.get("http.upgrade")), head.webSocket());
        // every routed sample is one request head, nothing after it
        assertEquals("headLength", sampleLength, head.headLength());
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            return host.substring(1, host.indexOf(']'));
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
