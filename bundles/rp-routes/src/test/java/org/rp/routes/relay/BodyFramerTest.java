package org.rp.routes.relay;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.Test;

public class BodyFramerTest {

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    /** Feeds the input in pieces of {@code step} bytes and returns how many belonged to the body. */
    private static int feed(BodyFramer framer, String input, int step) {
        int total = 0;
        for (int i = 0; i < input.length() && !framer.done(); i += step) {
            String piece = input.substring(i, Math.min(input.length(), i + step));
            int n = framer.scan(bytes(piece));
            total += n;
            if (n < piece.length()) {
                assertTrue(framer.done());
            }
        }
        return total;
    }

    @Test
    public void fixedLengthEndsExactly() {
        BodyFramer framer = BodyFramer.fixed(5);
        assertEquals(5, framer.scan(bytes("helloGET / HTTP/1.1")));
        assertTrue(framer.done());
    }

    @Test
    public void chunkedEndsAfterLastChunkAndTrailers() {
        String body = "5\r\nhello\r\n1A;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: 1\r\n\r\n";
        for (int step : new int[] {1, 7, body.length()}) {
            BodyFramer framer = BodyFramer.chunked();
            assertEquals(body.length(), feed(framer, body + "GET /next HTTP/1.1\r\n", step));
            assertTrue(framer.done());
        }
    }

    @Test
    public void chunkedWithoutTrailersEndsAtEmptyLine() {
        BodyFramer framer = BodyFramer.chunked();
        assertEquals(5, framer.scan(bytes("0\r\n\r\nX")));
        assertTrue(framer.done());
    }

    @Test
    public void partialChunkedBodyIsNotDone() {
        BodyFramer framer = BodyFramer.chunked();
        assertEquals(6, framer.scan(bytes("5\r\nhel")));
        assertFalse(framer.done());
    }

    @Test
    public void rejectsBrokenChunkedCoding() {
        for (String bad : new String[] {"g\r\n", "5\nhello\r\n", "\r\n", "5\r\nhelloXX", "5\r\rhello",
                "fffffffffffffffff\r\n", "0\r\nbad\nline\r\n\r\n"}) {
            try {
                BodyFramer.chunked().scan(bytes(bad));
                fail("accepted " + bad.replace("\r", "\\r").replace("\n", "\\n"));
            } catch (BodyFramer.MalformedBodyException expected) {
                // refused, as it must be
            }
        }
    }

    @Test
    public void closeDelimitedBodyTakesEverything() {
        BodyFramer framer = BodyFramer.delimitedByClose();
        assertEquals(10, framer.scan(bytes("0123456789")));
        assertFalse(framer.done());
        assertTrue(framer.untilClose());
    }
}
