package org.rp.routes.relay;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * The framing facts of an HTTP/1.x response head from the upstream: enough to know where the response ends, so
 * that the next request can be checked and answered in order. The head itself is forwarded unchanged.
 *
 * @param length        bytes of the head including the empty line
 * @param status        the status code
 * @param contentLength -1 if absent
 * @param chunked       Transfer-Encoding ends in chunked
 * @param close         the connection ends after this response (Connection: close, or HTTP/1.0 without keep-alive)
 */
record ResponseHead(int length, int status, long contentLength, boolean chunked, boolean close) {

    private static final byte[] CONTENT_LENGTH = Heads.lowerCase("Content-Length");
    private static final byte[] TRANSFER_ENCODING = Heads.lowerCase("Transfer-Encoding");
    private static final byte[] CONNECTION = Heads.lowerCase("Connection");

    /**
     * @return the head, or {@code null} while it is incomplete
     * @throws IllegalArgumentException if the bytes are not a valid response head
     */
    static ResponseHead parse(ByteBuf buf) {
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        int headEnd = -1;
        for (int i = start + 3; i < end; i++) {
            if (buf.getByte(i) == '\n' && buf.getByte(i - 1) == '\r' && buf.getByte(i - 2) == '\n' && buf.getByte(i - 3) == '\r') {
                headEnd = i + 1;
                break;
            }
        }
        if (headEnd < 0) {
            return null;
        }
        int lineEnd = buf.indexOf(start, headEnd, (byte) '\r');
        String statusLine = buf.toString(start, lineEnd - start, StandardCharsets.ISO_8859_1);
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IllegalArgumentException("bad status line");
        }
        boolean http10 = statusLine.charAt(7) == '0';
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad status code");
        }
        long contentLength = -1;
        boolean chunked = false;
        boolean close = http10;
        int line = lineEnd + 2;
        while (line < headEnd - 2) {
            int eol = buf.indexOf(line, headEnd, (byte) '\r');
            int colon = buf.indexOf(line, eol, (byte) ':');
            if (colon < 0) {
                throw new IllegalArgumentException("header line without colon");
            }
            if (Heads.is(buf, line, colon, CONTENT_LENGTH)) {
                String value = value(buf, colon, eol);
                long n;
                try {
                    n = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad Content-Length");
                }
                if (n < 0 || (contentLength >= 0 && contentLength != n)) {
                    throw new IllegalArgumentException("bad Content-Length");
                }
                contentLength = n;
            } else if (Heads.is(buf, line, colon, TRANSFER_ENCODING)) {
                String value = value(buf, colon, eol);
                chunked = value.regionMatches(true, value.length() - 7, "chunked", 0, 7);
                if (!chunked) {
                    // any other final coding is delimited by close (RFC 9112 6.3)
                    close = true;
                }
            } else if (Heads.is(buf, line, colon, CONNECTION)) {
                String tokens = value(buf, colon, eol).toLowerCase(java.util.Locale.ROOT);
                if (tokens.contains("close")) {
                    close = true;
                } else if (http10 && tokens.contains("keep-alive")) {
                    close = false;
                }
            }
            line = eol + 2;
        }
        if (chunked) {
            contentLength = -1;
        }
        return new ResponseHead(headEnd - start, status, contentLength, chunked, close);
    }

    private static String value(ByteBuf buf, int colon, int eol) {
        return buf.toString(colon + 1, eol - colon - 1, StandardCharsets.ISO_8859_1).trim();
    }
}
