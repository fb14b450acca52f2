package org.rp.routes.relay;

import static org.junit.Assert.assertEquals;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.Test;

public class ForwardedHeadersTest {

    private static String rewrite(String head, String client) throws Exception {
        ByteBuf in = Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1);
        byte[] lines = ForwardedHeaders.linesFor(InetAddress.getByName(client), false);
        return ForwardedHeaders.rewrite(in, lines, ByteBufAllocator.DEFAULT).toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    public void replacesIncomingCopiesWithTheRealClient() throws Exception {
        String out = rewrite("GET /x HTTP/1.1\r\nHost: pbx.example.com\r\nX-Forwarded-For: 6.6.6.6\r\n"
                + "forwarded: for=6.6.6.6\r\nx-forwarded-proto: https\r\nAccept: */*\r\n\r\n", "203.0.113.7");
        assertEquals("GET /x HTTP/1.1\r\nHost: pbx.example.com\r\nAccept: */*\r\n"
                + "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: http\r\nForwarded: for=203.0.113.7;proto=http\r\n\r\n", out);
    }

    @Test
    public void quotesIpv6InForwarded() throws Exception {
        String out = rewrite("GET / HTTP/1.1\r\nHost: a\r\n\r\n", "2001:db8::7");
        assertEquals("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 2001:db8:0:0:0:0:0:7\r\nX-Forwarded-Proto: http\r\n"
                + "Forwarded: for=\"[2001:db8:0:0:0:0:0:7]\";proto=http\r\n\r\n", out);
    }

    @Test
    public void removesConnectionCloseButKeepsOtherConnectionOptions() throws Exception {
        assertEquals("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 10.0.0.1\r\nX-Forwarded-Proto: http\r\n"
                + "Forwarded: for=10.0.0.1;proto=http\r\n\r\n",
                rewrite("GET / HTTP/1.1\r\nHost: a\r\nConnection:  Close \r\n\r\n", "10.0.0.1"));
        assertEquals("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\nX-Forwarded-For: 10.0.0.1\r\n"
                + "X-Forwarded-Proto: http\r\nForwarded: for=10.0.0.1;proto=http\r\n\r\n",
                rewrite("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\n\r\n", "10.0.0.1"));
    }

    @Test
    public void keepsLookalikeHeaders() throws Exception {
        String out = rewrite("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-Form: 1\r\nForwarded-Foo: 2\r\n\r\n", "10.0.0.1");
        assertEquals("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-Form: 1\r\nForwarded-Foo: 2\r\n"
                + "X-Forwarded-For: 10.0.0.1\r\nX-Forwarded-Proto: http\r\nForwarded: for=10.0.0.1;proto=http\r\n\r\n", out);
    }
}
