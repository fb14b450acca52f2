package org.rp.routes.listener;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.Test;
import org.rp.api.Facts;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.route.Decision;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.Sniffer;
import org.rp.routes.config.ListenerSettings;

/** How the sniff handler arbitrates between the sniffers of a listener that accepts several protocols. */
public class SniffHandlerTest {
    private static final int MAX_BYTES = 256;

    @Test
    public void aMatchBeatsAnotherSniffersRejection() {
        // the SIP sniffer matches only once the whole line is there; the HTTP one calls it broken at once
        SniffedConnection emitted = sniff(List.of(
                fake(Protocol.HTTP, text -> SniffResult.reject(RejectReason.MALFORMED, "not HTTP/1.x")),
                fake(Protocol.SIP, text -> text.endsWith("\n") ? match(Protocol.SIP) : SniffResult.NEED_MORE)),
                "OPTIONS sip:a SIP/2.0", "\r\n");
        assertNull(emitted.decision());
        assertEquals(Protocol.SIP, emitted.protocol());
    }

    @Test
    public void aRejectionStandsWhenNoOtherSnifferCouldMatch() {
        SniffedConnection emitted = sniff(List.of(
                fake(Protocol.HTTP, text -> SniffResult.reject(RejectReason.MALFORMED, "two Host headers")),
                fake(Protocol.SIP, text -> SniffResult.NOT_MINE)),
                "GET / HTTP/1.1\r\n");
        assertRefused(emitted, RejectReason.MALFORMED, "two Host headers");
        assertEquals(Protocol.HTTP, emitted.protocol());
    }

    @Test
    public void theFirstMatchInProtocolOrderWins() {
        SniffedConnection emitted = sniff(List.of(
                fake(Protocol.SIP, text -> match(Protocol.SIP)),
                fake(Protocol.HTTP, text -> match(Protocol.HTTP))),
                "x");
        assertEquals(Protocol.HTTP, emitted.protocol());
    }

    @Test
    public void bytesNoSnifferClaimsAreAnUnknownProtocol() {
        SniffedConnection emitted = sniff(List.of(
                fake(Protocol.HTTP, text -> SniffResult.NOT_MINE),
                fake(Protocol.LDAP, text -> SniffResult.NOT_MINE)),
                "\u0001\u0002");
        assertRefused(emitted, RejectReason.UNKNOWN_PROTOCOL, null);
        assertNull(emitted.protocol());
    }

    @Test
    public void aSnifferThatThrowsRefusesTheMessageAndTheChannelLives() {
        EmbeddedChannel channel = channel(List.of(fake(Protocol.LDAP, text -> {
            throw new IllegalStateException("bug");
        })));
        channel.writeInbound(Unpooled.copiedBuffer("0", StandardCharsets.ISO_8859_1));
        SniffedConnection emitted = channel.readInbound();
        assertRefused(emitted, RejectReason.MALFORMED, "sniffer failed: java.lang.IllegalStateException: bug");
        assertTrue(channel.isOpen());
        emitted.received().release();
    }

    @Test
    public void aMessageThatNeverEndsIsRefusedAtTheLimit() {
        EmbeddedChannel channel = channel(List.of(fake(Protocol.HTTP, text -> SniffResult.NEED_MORE)));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[MAX_BYTES - 1]));
        assertNull("still waiting below the limit", channel.readInbound());
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[10]));
        SniffedConnection emitted = channel.readInbound();
        assertRefused(emitted, RejectReason.OVERSIZE, "first message exceeds " + MAX_BYTES + " bytes");
        emitted.received().release();
    }

    private static void assertRefused(SniffedConnection emitted, RejectReason reason, String detail) {
        Decision.Reject reject = (Decision.Reject) emitted.decision();
        assertEquals(reason, reject.reason());
        if (detail != null) {
            assertEquals(detail, reject.detail());
        }
    }

    /** Feeds the chunks one by one and returns the one connection the handler emitted. */
    private static SniffedConnection sniff(List<Sniffer> sniffers, String... chunks) {
        EmbeddedChannel channel = channel(sniffers);
        for (String chunk : chunks) {
            channel.writeInbound(Unpooled.copiedBuffer(chunk, StandardCharsets.ISO_8859_1));
        }
        SniffedConnection emitted = channel.readInbound();
        assertNull("one emission only", channel.readInbound());
        emitted.received().release();
        return emitted;
    }

    private static EmbeddedChannel channel(List<Sniffer> sniffers) {
        ListenerSettings settings = new ListenerSettings("test", "127.0.0.1", 1, EnumSet.allOf(Protocol.class), false,
                "default", 5000, MAX_BYTES, 60, 10, 10, 0);
        ListenerRuntime runtime = new ListenerRuntime(settings, null, () -> sniffers, null, null, null, new RuleCounters());
        ConnectionRecord record = new ConnectionRecord(runtime, new InetSocketAddress("127.0.0.1", 40000));
        return new EmbeddedChannel(new SniffHandler(runtime, record));
    }

    private static SniffResult match(Protocol protocol) {
        return SniffResult.match(Facts.builder(protocol).host("pbx.example.com").build());
    }

    private static Sniffer fake(Protocol protocol, Function<String, SniffResult> answer) {
        return new Sniffer() {
            @Override
            public Protocol protocol() {
                return protocol;
            }

            @Override
            public SniffResult sniff(ByteBuffer received) {
                return answer.apply(StandardCharsets.ISO_8859_1.decode(received).toString());
            }
        };
    }
}
