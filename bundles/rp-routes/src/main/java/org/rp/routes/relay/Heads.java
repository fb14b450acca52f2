package org.rp.routes.relay;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Work on HTTP/1.x heads that are already known to be well-formed (CRLF line ends, a colon in every field line):
 * header names compared where they lie in the buffer, and heads rewritten field by field.
 */
final class Heads {
    /** Decides whether a field line is left out; {@code colon} ends its name, {@code lineEnd} is past its LF. */
    interface FieldFilter {
        boolean drop(ByteBuf head, int lineStart, int colon, int lineEnd);
    }

    private Heads() {
    }

    static byte[] lowerCase(String name) {
        return name.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    }

    /** @return whether the bytes from {@code from} to {@code to} are {@code lowerCaseName}, ignoring ASCII case */
    static boolean is(ByteBuf buf, int from, int to, byte[] lowerCaseName) {
        if (to - from != lowerCaseName.length) {
            return false;
        }
        for (int i = 0; i < lowerCaseName.length; i++) {
            byte b = buf.getByte(from + i);
            if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != lowerCaseName[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param appended field lines (each ending in CRLF) to add before the empty line
     * @return a new buffer: the first line, the fields {@code drop} keeps, the appended lines, the empty line;
     *         {@code head} is left to the caller
     */
    static ByteBuf rewrite(ByteBuf head, FieldFilter drop, byte[] appended, ByteBufAllocator alloc) {
        int start = head.readerIndex();
        int end = head.writerIndex();
        ByteBuf out = alloc.buffer(end - start + appended.length);
        int lineStart = start;
        boolean firstLine = true;
        while (lineStart < end) {
            int lineEnd = head.indexOf(lineStart, end, (byte) '\n') + 1;
            if (lineEnd - lineStart == 2) {
                out.writeBytes(appended).writeBytes(head, lineStart, 2);
            } else if (firstLine || !drop.drop(head, lineStart, head.indexOf(lineStart, lineEnd, (byte) ':'), lineEnd)) {
                out.writeBytes(head, lineStart, lineEnd - lineStart);
            }
            firstLine = false;
            lineStart = lineEnd;
        }
        return out;
    }

    /** @return whether the field value between {@code from} and {@code to}, without surrounding blanks, is the token */
    static boolean valueIs(ByteBuf head, int from, int to, byte[] lowerCaseToken) {
        while (from < to && (head.getByte(from) == ' ' || head.getByte(from) == '\t')) {
            from++;
        }
        while (to > from && (head.getByte(to - 1) == ' ' || head.getByte(to - 1) == '\t')) {
            to--;
        }
        return is(head, from, to, lowerCaseToken);
    }
}
