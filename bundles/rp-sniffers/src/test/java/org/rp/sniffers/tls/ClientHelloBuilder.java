package org.rp.sniffers.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds ClientHello bytes for hand-made tests: a valid TLS 1.2 hello with SNI by default, each part replaceable by
 * raw bytes to break it, then framed in one record or fragmented over several.
 */
final class ClientHelloBuilder {
    static final byte[] RANDOM = new byte[32];

    private int clientVersion = 0x0303;
    private byte[] sessionId = new byte[32];
    private byte[] cipherSuites = vector16(u16(0x1301), u16(0xc02f));
    private byte[] compressionMethods = vector8(u8(0));
    private final ByteArrayOutputStream extensions = new ByteArrayOutputStream();
    private byte[] extensionsBlock;
    private int recordVersion = 0x0301;
    private int handshakeType = 1;

    ClientHelloBuilder clientVersion(int version) {
        clientVersion = version;
        return this;
    }

    ClientHelloBuilder sessionId(int length) {
        sessionId = new byte[length];
        return this;
    }

    /** @param encoded the cipher suites with their length prefix */
    ClientHelloBuilder cipherSuites(byte[] encoded) {
        cipherSuites = encoded;
        return this;
    }

    /** @param encoded the compression methods with their length prefix */
    ClientHelloBuilder compressionMethods(byte[] encoded) {
        compressionMethods = encoded;
        return this;
    }

    ClientHelloBuilder recordVersion(int version) {
        recordVersion = version;
        return this;
    }

    ClientHelloBuilder handshakeType(int type) {
        handshakeType = type;
        return this;
    }

    ClientHelloBuilder extension(int type, byte[] data) {
        extensions.writeBytes(cat(u16(type), u16(data.length), data));
        return this;
    }

    ClientHelloBuilder serverName(String hostName) {
        byte[] name = ascii(hostName);
        return extension(0, vector16(u8(0), vector16(name)));
    }

    ClientHelloBuilder alpn(String... protocols) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (String protocol : protocols) {
            list.writeBytes(vector8(ascii(protocol)));
        }
        return extension(16, vector16(list.toByteArray()));
    }

    ClientHelloBuilder supportedVersions(int... versions) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (int version : versions) {
            list.writeBytes(u16(version));
        }
        return extension(43, vector8(list.toByteArray()));
    }

    /** Replaces the extensions and their length prefix by {@code raw}; an empty array leaves the block out. */
    ClientHelloBuilder extensionsBlock(byte[] raw) {
        extensionsBlock = raw;
        return this;
    }

    /** client_version to compression methods, then the extensions. */
    byte[] body() {
        byte[] block = extensionsBlock != null ? extensionsBlock : vector16(extensions.toByteArray());
        return cat(u16(clientVersion), RANDOM, vector8(sessionId), cipherSuites, compressionMethods, block);
    }

    /** The handshake message: type, 24-bit length, body. */
    byte[] message() {
        byte[] body = body();
        return cat(u8(handshakeType), u24(body.length), body);
    }

    /** The message in one record. */
    byte[] record() {
        return records(Integer.MAX_VALUE);
    }

    /** The message in records of {@code fragmentLength} bytes, the last one shorter. */
    byte[] records(int fragmentLength) {
        return inRecords(message(), recordVersion, fragmentLength);
    }

    /** The handshake bytes of a one-record hello (a corpus sample), again in records of {@code fragmentLength}. */
    static byte[] refragmented(byte[] oneRecord, int fragmentLength) {
        return inRecords(Arrays.copyOfRange(oneRecord, 5, oneRecord.length), 0x0301, fragmentLength);
    }

    private static byte[] inRecords(byte[] message, int version, int fragmentLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int from = 0; from < message.length; from += fragmentLength) {
            int to = (int) Math.min((long) from + fragmentLength, message.length);
            out.writeBytes(record(22, version, Arrays.copyOfRange(message, from, to)));
        }
        return out.toByteArray();
    }

    static byte[] record(int contentType, int version, byte[] fragment) {
        return cat(u8(contentType), u16(version), u16(fragment.length), fragment);
    }

    static byte[] u8(int value) {
        return new byte[] {(byte) value};
    }

    static byte[] u16(int value) {
        return new byte[] {(byte) (value >> 8), (byte) value};
    }

    static byte[] u24(int value) {
        return new byte[] {(byte) (value >> 16), (byte) (value >> 8), (byte) value};
    }

    static byte[] vector8(byte[]... parts) {
        byte[] content = cat(parts);
        return cat(u8(content.length), content);
    }

    static byte[] vector16(byte[]... parts) {
        byte[] content = cat(parts);
        return cat(u16(content.length), content);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
