package org.rp.routes.relay;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.rp.api.RejectReason;

/** The few answers rp itself gives on HTTP: short, the same for everyone, and always closing the connection. */
public final class HttpResponses {
    private static final ByteBuf BAD_REQUEST = response(400, "Bad Request");
    private static final ByteBuf FORBIDDEN = response(403, "Forbidden");
    private static final ByteBuf BAD_GATEWAY = response(502, "Bad Gateway");

    private HttpResponses() {
    }

    /** @return the response for a rejection, or {@code null} where rp closes without a word (a timeout) */
    public static ByteBuf forReason(RejectReason reason) {
        switch (reason) {
            case UNKNOWN_HOST:
            case PATH_NOT_ALLOWED:
            case NO_ROUTING_KEY:
                return FORBIDDEN.duplicate();
            case MALFORMED:
            case OVERSIZE:
                return BAD_REQUEST.duplicate();
            case UPSTREAM_UNREACHABLE:
                return BAD_GATEWAY.duplicate();
            default:
                return null;
        }
    }

    private static ByteBuf response(int status, String text) {
        String body = text + "\n";
        String response = "HTTP/1.1 " + status + " " + text + "\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(response.getBytes(StandardCharsets.US_ASCII)));
    }
}
