package org.rp.sniffers.ldap;

import static org.junit.Assert.assertEquals;

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

/** Every {@code ldap} row of the conformance index, replayed whole and in 1- and 7-byte chunks. */
@RunWith(Parameterized.class)
public class LdapCorpusTest {
    private static final Sniffing SNIFFING = new Sniffing(new LdapSniffer());

    /**
     * What each {@code expected} value of the index means for the sniffer. A reject names its reason; a
     * {@code null} reason with kind REJECT does not occur.
     */
    private static final Map<String, Kind> KINDS = Map.of(
            "route", Kind.MATCH,
            // the sample has no routing key: the sniffer matches with host null, and the route table's default
            // rule (or its absence, NO_ROUTING_KEY) decides
            "route(default)|reject(no-dn)", Kind.MATCH,
            "reject(malformed)", Kind.REJECT,
            "reject(oversized)", Kind.REJECT,
            "reject(oversized/malformed)", Kind.REJECT,
            // rp takes no PROXY header from clients: the bytes are not LDAP, and with no sniffer claiming them the
            // listener refuses them as unknown protocol
            "reject(proxy-header)", Kind.NOT_MINE,
            // the rest never arrives: the listener's sniff.timeout.ms refuses the connection
            "reject(truncated)", Kind.NEED_MORE);

    private static final Map<String, RejectReason> REASONS = Map.of(
            "reject(malformed)", RejectReason.MALFORMED,
            "reject(oversized)", RejectReason.OVERSIZE,
            // a search nested 19859 bytes deep: the length octets alone exceed the limit
            "reject(oversized/malformed)", RejectReason.OVERSIZE);

    private final Corpus.Sample sample;

    public LdapCorpusTest(Corpus.Sample sample) {
        this.sample = sample;
    }

    @Parameters(name = "{0}")
    public static List<Corpus.Sample> samples() {
        return Corpus.samplesOf("ldap");
    }

    @Test
    public void answersAsTheIndexExpects() {
        SniffResult answer = SNIFFING.replay(sample, KINDS, REASONS);
        if (answer != null && answer.kind() == Kind.MATCH) {
            assertFacts(answer.facts());
        }
    }

    private void assertFacts(Facts facts) {
        Map<String, String> keys = sample.routingKeys();
        assertEquals("ldap.op", keys.get("ldap.op"), facts.attribute("ldap.op"));
        String bindName = keys.get("ldap.bind.dn");
        assertEquals("bindName", "<anonymous>".equals(bindName) ? null : bindName, facts.bindName());
        assertEquals("ldap.sasl", keys.get("ldap.sasl"), facts.attribute("ldap.sasl"));
        assertEquals("host", expectedHost(bindName), facts.host());
    }

    /** The routing key of each bind name in the index, worked out by hand; a new name must be added here. */
    private static String expectedHost(String bindName) {
        if (bindName == null || bindName.equals("<anonymous>") || bindName.equals("User1")) {
            return null;
        }
        switch (bindName) {
            case "cn=admin,dc=example,dc=com":
                return "example.com";
            case "cn=admin,dc=nodomain":
                return "nodomain";
            case "xxxxxxxxxxx@xx.xxx.xxxxx.net":
                return "xx.xxx.xxxxx.net";
            default:
                throw new AssertionError("no expected host for the bind name " + bindName);
        }
    }
}
