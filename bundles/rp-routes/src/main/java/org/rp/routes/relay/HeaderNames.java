package org.rp.routes.relay;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/** Header names compared where they lie in the buffer, without making strings of them. */
final class HeaderNames {
    private HeaderNames() {
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
}
