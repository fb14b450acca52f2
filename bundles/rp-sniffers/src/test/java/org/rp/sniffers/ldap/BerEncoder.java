package org.rp.sniffers.ldap;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the LDAP messages of the hand-made tests in DER (minimal lengths), so that each test says which fields it
 * sends rather than spelling hex; {@link #hex} is for the bytes DER cannot express.
 */
final class BerEncoder {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int SEQUENCE = 0x30;
    static final int BIND_REQUEST = 0x60;
    static final int SEARCH_REQUEST = 0x63;
    static final int EXTENDED_REQUEST = 0x77;
    static final int CONTROLS = 0xA0;
    static final int SIMPLE = 0x80;
    static final int SASL = 0xA3;

    private BerEncoder() {
    }

    /** An element with a minimal definite length. */
    static byte[] tlv(int tag, byte[]... contents) {
        byte[] content = concat(contents);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (content.length < 0x80) {
            out.write(content.length);
        } else {
            byte[] length = BigInteger.valueOf(content.length).toByteArray();
            int skip = length[0] == 0 ? 1 : 0;
            out.write(0x80 | (length.length - skip));
            out.write(length, skip, length.length - skip);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] integer(long value) {
        return tlv(INTEGER, BigInteger.valueOf(value).toByteArray());
    }

    static byte[] octetString(String utf8) {
        return tlv(OCTET_STRING, utf8(utf8));
    }

    /** An LDAPMessage of {@code messageId} around {@code operation} and whatever follows it (controls). */
    static byte[] message(int messageId, byte[]... operationAndControls) {
        return tlv(SEQUENCE, integer(messageId), concat(operationAndControls));
    }

    /** A version 3 BindRequest. */
    static byte[] bind(String name, byte[] authentication) {
        return tlv(BIND_REQUEST, integer(3), octetString(name), authentication);
    }

    static byte[] simple(String password) {
        return tlv(SIMPLE, utf8(password));
    }

    static byte[] simpleBind(String name) {
        return message(1, bind(name, simple("secret")));
    }

    static byte[] sasl(String mechanism, byte[]... credentials) {
        return tlv(SASL, octetString(mechanism), concat(credentials));
    }

    static byte[] extended(String oid, byte[]... value) {
        return tlv(EXTENDED_REQUEST, tlv(0x80, utf8(oid)), concat(value));
    }

    /** A searchRequest for the root DSE, as ldapsearch sends it (RFC 4511 4.5.1). */
    static byte[] rootDseSearch() {
        return tlv(SEARCH_REQUEST, octetString(""), tlv(0x0A, new byte[] {0}), tlv(0x0A, new byte[] {0}),
                integer(0), integer(0), tlv(0x01, new byte[] {0}), tlv(0x87, utf8("objectClass")),
                tlv(SEQUENCE));
    }

    /** Bytes written as hex digits, spaces ignored. */
    static byte[] hex(String digits) {
        String compact = digits.replace(" ", "");
        byte[] bytes = new byte[compact.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(compact.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] repeat(char c, int times) {
        byte[] bytes = new byte[times];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }
}
