package org.rp.routes.relay;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Tells the upstream who the client is: removes every incoming X-Forwarded-For, X-Forwarded-Proto and Forwarded
 * (a client must not be able to claim another address) and appends rp's own. Also removes a {@code Connection:
 * close}: that is the client's wish for its own hop, which rp honours itself, and the upstream connection stays
 * open for the next client (the keep-alive pool). Works on a head the HTTP sniffer has already validated, so lines
 * are CRLF-terminated and names end at the colon.
 */
final class ForwardedHeaders {
    private static final byte[][] REMOVED = {Heads.lowerCase("X-Forwarded-For"),
            Heads.lowerCase("X-Forwarded-Proto"), Heads.lowerCase("Forwarded")};
    private static final byte[] CONNECTION = Heads.lowerCase("Connection");
    private static final byte[] CLOSE = Heads.lowerCase("close");

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
        return Heads.rewrite(head, ForwardedHeaders::removed, lines, alloc);
    }

    private static boolean removed(ByteBuf head, int lineStart, int colon, int lineEnd) {
        for (byte[] name : REMOVED) {
            if (Heads.is(head, lineStart, colon, name)) {
                return true;
            }
        }
        return Heads.is(head, lineStart, colon, CONNECTION) && Heads.valueIs(head, colon + 1, lineEnd - 2, CLOSE);
    }
}
