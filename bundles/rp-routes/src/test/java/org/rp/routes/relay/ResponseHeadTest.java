package org.rp.routes.relay;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import org.junit.Test;

public class ResponseHeadTest {

    private static ResponseHead parse(String s) {
        return ResponseHead.parse(Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1));
    }

    @Test
    public void readsContentLengthResponse() {
        ResponseHead head = parse("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nhello world!");
        assertEquals(200, head.status());
        assertEquals(12, head.contentLength());
        assertEquals(39, head.length());
        assertFalse(head.close());
    }

    @Test
    public void readsChunkedAndClose() {
        ResponseHead head = parse("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nConnection: close\r\n\r\n");
        assertTrue(head.chunked());
        assertTrue(head.close());
    }

    @Test
    public void http10ClosesUnlessKeepAlive() {
        assertTrue(parse("HTTP/1.0 200 OK\r\n\r\n").close());
        assertFalse(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n").close());
    }

    @Test
    public void incompleteHeadIsNull() {
        assertNull(parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsConflictingContentLengths() {
        parse("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsNonHttpStatusLine() {
        parse("SIP/2.0 200 OK\r\n\r\n");
    }
}
