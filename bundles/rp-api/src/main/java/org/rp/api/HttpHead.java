package org.rp.api;

/**
 * The parts of an HTTP/1.x request head the relay needs to forward it and to find where the next request starts.
 *
 * @param method        the request method as sent (e.g. {@code GET})
 * @param target        the request target as sent (origin-form or absolute-form)
 * @param minorVersion  0 for HTTP/1.0, 1 for HTTP/1.1
 * @param headLength    bytes from the start of the request line to the end of the empty line
 * @param contentLength the body length, or -1 if the request has no Content-Length
 * @param chunked       the body uses chunked transfer coding
 * @param webSocket     the request asks to upgrade to WebSocket
 * @param close         the client ends the connection after this request ({@code Connection: close}, or HTTP/1.0
 *                      without {@code keep-alive})
 */
public record HttpHead(String method, String target, int minorVersion, int headLength, long contentLength,
                       boolean chunked, boolean webSocket, boolean close) {
}
