package org.rp.routes.relay;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Tells the upstream who the client is: removes every incoming X-Forwarded-For, X-Forwarded-Proto and Forwarded
 * (a client must not be able to claim another address) and appends rp's own. Works on a head the HTTP sniffer
 * has already validated, so lines are CRLF-terminated and names end at the colon.
 */
final class ForwardedHeaders {
    private static final byte[][] REMOVED = {HeaderNames.lowerCase("X-Forwarded-For"),
            HeaderNames.lowerCase("X-Forwarded-Proto"), HeaderNames.lowerCase("Forwarded")};

    private ForwardedHeaders() {
    }

    /** The lines rp appends for one client, built once per connection. */
    static byte[] linesFor(InetAddress client, boolean tls) {
        String ip = client.getHostAddress();
        int zone = ip.indexOf('%');
        if (zone >= 0) {
            ip = ip.substring(0, zone);
        }
        String proto = tls ? "https" : "http";
        String forwardedFor = client instanceof Inet6Address ? "\"[" + ip + "]\"" : ip;
        return ("X-Forwarded-For: " + ip + "\r\nX-Forwarded-Proto: " + proto + "\r\nForwarded: for="
                + forwardedFor + ";proto=" + proto + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** @return a new buffer with the rewritten head; {@code head} is left to the caller */
    static ByteBuf rewrite(ByteBuf head, byte[] lines, ByteBufAllocator alloc) {
        int start = head.readerIndex();
        int end = head.writerIndex();
        ByteBuf out = alloc.buffer(end - start + lines.length);
        int lineStart = start;
        boolean requestLine = true;
        while (lineStart < end) {
            int lineEnd = head.indexOf(lineStart, end, (byte) '\n') + 1;
            if (lineEnd - lineStart == 2) {
                out.writeBytes(lines).writeBytes(head, lineStart, 2);
            } else if (requestLine || !removed(head, lineStart, lineEnd)) {
                out.writeBytes(head, lineStart, lineEnd - lineStart);
            }
            requestLine = false;
            lineStart = lineEnd;
        }
        return out;
    }

    private static boolean removed(ByteBuf head, int lineStart, int lineEnd) {
        int colon = head.indexOf(lineStart, lineEnd, (byte) ':');
        for (byte[] name : REMOVED) {
            if (HeaderNames.is(head, lineStart, colon, name)) {
                return true;
            }
        }
        return false;
    }
}
