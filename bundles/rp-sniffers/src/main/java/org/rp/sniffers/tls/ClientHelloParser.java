package org.rp.sniffers.tls;

import static org.rp.sniffers.tls.HandshakeMessage.HANDSHAKE;
import static org.rp.sniffers.tls.HandshakeMessage.MAX_RECORD_MINOR;
import static org.rp.sniffers.tls.HandshakeMessage.RECORD_HEADER_LENGTH;
import static org.rp.sniffers.tls.HandshakeMessage.SSL_3_MAJOR;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.rp.api.Facts;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;

/**
 * Reads a TLS ClientHello (RFC 8446 4.1.2, RFC 5246 7.4.1.2) from {@code received[position, limit)} in one pass, in
 * the order its bytes arrive, and answers as soon as they decide. One instance per call.
 * <p>
 * Which bytes are ours: a record header of content type 20 to 23 and version 0x0300 to 0x0304, decided from its
 * first three bytes (other protocols already differ in the first), or an SSL 2.0 CLIENT-HELLO header, decided from
 * five. Of these only a handshake record holding a ClientHello is accepted; every other fault is a reject.
 * <p>
 * Every length read from the wire is checked against the structure around it before it is used: a vector that
 * overruns its parent, a list length that does not fill its extension, is malformed, never read past. Strings are
 * made only for the facts of a match, from offsets noted on the way.
 */
final class ClientHelloParser {
    /** Larger than any real ClientHello (post-quantum key shares bring Chrome to about 1.8 KB). */
    static final int MAX_HELLO_LENGTH = 1 << 14;
    /** Real clients send up to about 20; bounds the work of finding duplicates. */
    static final int MAX_EXTENSIONS = 64;
    /** Safari sends 7, the most seen; bounds the strings a hello can make us create. */
    static final int MAX_ALPN_NAMES = 32;

    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int APPLICATION_DATA = 23;
    private static final String[] CONTENT_TYPE_NAMES = {"change_cipher_spec", "alert", "handshake", "application_data"};
    private static final int CLIENT_HELLO = 1;
    private static final int HANDSHAKE_HEADER_LENGTH = 4;
    private static final int RANDOM_LENGTH = 32;
    private static final int MAX_SESSION_ID_LENGTH = 32;
    private static final int SSL_3_0 = 0x0300;
    private static final int TLS_1_0 = 0x0301;
    /** Shared names of SSL 3.0 to TLS 1.3, the versions hellos carry, so that they cost no allocation. */
    private static final String[] VERSION_NAMES = {"0x0300", "0x0301", "0x0302", "0x0303", "0x0304"};

    /** The supported_versions lists nearly every client sends, packed 16 bits a version, and their attributes. */
    private static final long[] COMMON_VERSION_LISTS = {0x0304_0303L, 0x0304_0303_0302_0301L, 0x0304L};
    private static final String[] COMMON_VERSION_LIST_NAMES =
            {"0x0304|0x0303", "0x0304|0x0303|0x0302|0x0301", "0x0304"};

    private static final int SERVER_NAME = 0;
    private static final int HOST_NAME_TYPE = 0;
    private static final int ALPN = 16;
    private static final int SUPPORTED_VERSIONS = 43;
    private static final int ENCRYPTED_CLIENT_HELLO = 0xfe0d;
    /** The ALPN names nearly every hello carries, returned as constants instead of new strings. */
    private static final String[] COMMON_ALPN_NAMES = {"h2", "http/1.1"};

    /** SSL 2.0 CLIENT-HELLO (RFC 6101 E.1, draft-hickman-netscape-ssl-00): message type and fixed fields. */
    private static final int SSL_2_CLIENT_HELLO = 1;
    private static final int SSL_2_MIN_HELLO_LENGTH = 9;

    private final ByteBuffer in;
    private final int start;
    private final int limit;

    private HandshakeMessage message;
    /** Message offset after the ClientHello. */
    private int end;
    private int clientVersion;
    /** Message offset after the compression methods, where the extensions are if the hello has any. */
    private int extensionsStart;
    // where the facts are, as message offsets; -1 while absent
    private int hostNameStart = -1;
    private int hostNameEnd;
    private int alpnStart = -1;
    private int alpnCount;
    private int versionsStart = -1;
    private int versionsEnd;
    private boolean encryptedClientHello;
    // the extension types seen: 0 to 63, where nearly all registered ones are, by bit; the few others (GREASE,
    // renegotiation_info, ECH) in a small array
    private long lowExtensionTypes;
    private char[] otherExtensionTypes;
    private int otherExtensionTypeCount;

    ClientHelloParser(ByteBuffer received) {
        this.in = received;
        this.start = received.position();
        this.limit = received.limit();
    }

    SniffResult parse() {
        SniffResult answer = parseFirstRecordHeader();
        if (answer == null) {
            answer = parseHandshakeHeader();
        }
        if (answer == null) {
            answer = parseFixedFields();
        }
        if (answer == null) {
            answer = parseExtensions();
        }
        return answer != null ? answer : finish();
    }

    /** A version as Wireshark shows it, e.g. {@code 0x0303}. */
    static String versionName(int version) {
        if (version >> 8 == SSL_3_MAJOR && (version & 0xFF) <= MAX_RECORD_MINOR) {
            return VERSION_NAMES[version & 0xFF];
        }
        return hex(version);
    }

    /** A 16-bit value as {@code 0x} and four lower-case hex digits. */
    static String hex(int value) {
        char[] digits = {'0', 'x', 0, 0, 0, 0};
        for (int i = 5, rest = value; i > 1; i--, rest >>= 4) {
            digits[i] = Character.forDigit(rest & 0xF, 16);
        }
        return new String(digits);
    }

    static SniffResult malformed(String detail) {
        return SniffResult.reject(RejectReason.MALFORMED, detail);
    }

    /** RFC 8701: 0x0a0a, 0x1a1a, ... 0xfafa, values clients send so that servers learn to ignore unknown ones. */
    static boolean isGrease(int value) {
        return (value & 0x0F0F) == 0x0A0A && value >> 8 == (value & 0xFF);
    }

    /** @return the byte at buffer index {@code i}, or -1 if it has not arrived */
    private int byteAt(int i) {
        return i < limit ? in.get(i) & 0xFF : -1;
    }

    /** @return the answer if the first bytes decide it, {@code null} once they open a handshake record */
    private SniffResult parseFirstRecordHeader() {
        int contentType = byteAt(start);
        if (contentType < 0) {
            return SniffResult.NEED_MORE;
        }
        if ((contentType & 0x80) != 0) {
            return parseSsl2Hello(contentType);
        }
        if (contentType < CHANGE_CIPHER_SPEC || contentType > APPLICATION_DATA) {
            return SniffResult.NOT_MINE;
        }
        int major = byteAt(start + 1);
        if (major != SSL_3_MAJOR) {
            return major < 0 ? SniffResult.NEED_MORE : SniffResult.NOT_MINE;
        }
        int minor = byteAt(start + 2);
        if (minor < 0) {
            return SniffResult.NEED_MORE;
        }
        if (minor > MAX_RECORD_MINOR) {
            return SniffResult.NOT_MINE;
        }
        if (contentType != HANDSHAKE) {
            return malformed("first record is " + CONTENT_TYPE_NAMES[contentType - CHANGE_CIPHER_SPEC]
                    + " (" + contentType + "), not handshake");
        }
        if (limit - start < RECORD_HEADER_LENGTH) {
            return SniffResult.NEED_MORE;
        }
        int length = HandshakeMessage.fragmentLength(in, start);
        SniffResult problem = HandshakeMessage.checkFragmentLength(length);
        if (problem != null) {
            return problem;
        }
        message = new HandshakeMessage(in, start, length);
        return null;
    }

    /**
     * An SSL 2.0 record header (two bytes, high bit set) and CLIENT-HELLO, version 0x0002, or 0x0300 to 0x0304 from
     * a client that offers SSL 3.0 or TLS in the old format (RFC 5246 E.2). Refused whatever it offers: RFC 6176
     * forbids SSL 2.0 and TLS 1.3 servers do not read this format.
     */
    private SniffResult parseSsl2Hello(int first) {
        int lengthLow = byteAt(start + 1);
        if (lengthLow < 0) {
            return SniffResult.NEED_MORE;
        }
        if (((first & 0x7F) << 8 | lengthLow) < SSL_2_MIN_HELLO_LENGTH) {
            return SniffResult.NOT_MINE;
        }
        int messageType = byteAt(start + 2);
        if (messageType != SSL_2_CLIENT_HELLO) {
            return messageType < 0 ? SniffResult.NEED_MORE : SniffResult.NOT_MINE;
        }
        int major = byteAt(start + 3);
        if (major != 0 && major != SSL_3_MAJOR) {
            return major < 0 ? SniffResult.NEED_MORE : SniffResult.NOT_MINE;
        }
        int minor = byteAt(start + 4);
        if (minor < 0) {
            return SniffResult.NEED_MORE;
        }
        if (major == 0 ? minor != 2 : minor > MAX_RECORD_MINOR) {
            return SniffResult.NOT_MINE;
        }
        return SniffResult.reject(RejectReason.UNSUPPORTED_VERSION, "SSL 2.0 ClientHello");
    }

    private SniffResult parseHandshakeHeader() {
        SniffResult missing = message.require(1);
        if (missing != null) {
            return missing;
        }
        int type = message.u8(0);
        if (type != CLIENT_HELLO) {
            return malformed("first handshake message is of type " + type + ", not ClientHello (1)");
        }
        missing = message.require(HANDSHAKE_HEADER_LENGTH);
        if (missing != null) {
            return missing;
        }
        int length = message.u24(1);
        if (length > MAX_HELLO_LENGTH) {
            return SniffResult.reject(RejectReason.OVERSIZE, "ClientHello of " + length + " bytes (at most "
                    + MAX_HELLO_LENGTH + ")");
        }
        end = HANDSHAKE_HEADER_LENGTH + length;
        return null;
    }

    /** client_version, random, session id, cipher suites and compression methods. */
    private SniffResult parseFixedFields() {
        int at = HANDSHAKE_HEADER_LENGTH;
        SniffResult problem = field(at + 2, "client_version");
        if (problem != null) {
            return problem;
        }
        clientVersion = message.u16(at);
        if (clientVersion >> 8 != SSL_3_MAJOR) {
            return malformed("client_version " + versionName(clientVersion) + " is neither SSL 3.0 nor TLS");
        }
        at += 2 + RANDOM_LENGTH;
        problem = field(at + 1, "session id");
        if (problem != null) {
            return problem;
        }
        int sessionIdLength = message.u8(at);
        if (sessionIdLength > MAX_SESSION_ID_LENGTH) {
            return malformed("session id of " + sessionIdLength + " bytes (at most " + MAX_SESSION_ID_LENGTH + ")");
        }
        at += 1 + sessionIdLength;
        problem = field(at + 2, "cipher suites");
        if (problem != null) {
            return problem;
        }
        int cipherSuitesLength = message.u16(at);
        if (cipherSuitesLength == 0 || cipherSuitesLength % 2 != 0) {
            return malformed("cipher suites of " + cipherSuitesLength + " bytes (a non-empty list of 2-byte values)");
        }
        at += 2 + cipherSuitesLength;
        problem = field(at, "cipher suites");
        if (problem != null) {
            return problem;
        }
        problem = field(at + 1, "compression methods");
        if (problem != null) {
            return problem;
        }
        int compressionMethodsLength = message.u8(at);
        if (compressionMethodsLength == 0) {
            return malformed("no compression methods");
        }
        extensionsStart = at + 1 + compressionMethodsLength;
        return field(extensionsStart, "compression methods");
    }

    /**
     * The extensions block, if any: it must fill the rest of the hello exactly, each extension must fit in it, and no
     * type may come twice (RFC 8446 4.2), since servers and inspecting proxies would disagree on which copy counts.
     */
    private SniffResult parseExtensions() {
        int at = extensionsStart;
        if (at == end) {
            // a hello without extensions ends after its compression methods (RFC 5246 7.4.1.2)
            return null;
        }
        SniffResult problem = field(at + 2, "extensions length");
        if (problem != null) {
            return problem;
        }
        int extensionsLength = message.u16(at);
        at += 2;
        if (extensionsLength != end - at) {
            return malformed("extensions of " + extensionsLength + " bytes in the " + (end - at)
                    + " bytes left of the ClientHello");
        }
        for (int count = 1; at < end; count++) {
            problem = field(at + 4, "extension header");
            if (problem != null) {
                return problem;
            }
            if (count > MAX_EXTENSIONS) {
                return malformed("more than " + MAX_EXTENSIONS + " extensions");
            }
            int type = message.u16(at);
            int length = message.u16(at + 2);
            if (length > end - at - 4) {
                return malformed("extension " + hex(type) + " of " + length + " bytes in the " + (end - at - 4)
                        + " bytes left of the extensions");
            }
            if (!addExtensionType(type)) {
                return malformed("extension " + hex(type) + " twice");
            }
            problem = onExtension(type, at + 4, at + 4 + length);
            if (problem != null) {
                return problem;
            }
            at += 4 + length;
        }
        return null;
    }

    /** @return {@code false} if the hello had an extension of this type already */
    private boolean addExtensionType(int type) {
        if (type < Long.SIZE) {
            boolean added = (lowExtensionTypes & 1L << type) == 0;
            lowExtensionTypes |= 1L << type;
            return added;
        }
        for (int i = 0; i < otherExtensionTypeCount; i++) {
            if (otherExtensionTypes[i] == type) {
                return false;
            }
        }
        if (otherExtensionTypes == null) {
            otherExtensionTypes = new char[8];
        } else if (otherExtensionTypeCount == otherExtensionTypes.length) {
            otherExtensionTypes = Arrays.copyOf(otherExtensionTypes, otherExtensionTypeCount * 2);
        }
        otherExtensionTypes[otherExtensionTypeCount++] = (char) type;
        return true;
    }

    private SniffResult onExtension(int type, int from, int to) {
        switch (type) {
            case SERVER_NAME:
                return parseServerName(from, to);
            case ALPN:
                return parseAlpn(from, to);
            case SUPPORTED_VERSIONS:
                return parseSupportedVersions(from, to);
            case ENCRYPTED_CLIENT_HELLO:
                // its content is encrypted for the server; that it is there is worth logging
                encryptedClientHello = true;
                return null;
            default:
                return null;
        }
    }

    /**
     * RFC 6066 3 allows one name per name type and defines only host_name; like OpenSSL, accept exactly one
     * host_name, so that no server can pick a different name from the list than the one rp routed by.
     */
    private SniffResult parseServerName(int from, int to) {
        SniffResult problem = checkList(from, to, 2, "server_name list");
        if (problem != null) {
            return problem;
        }
        if (to - from < 5) {
            return malformed("server_name entry cut short");
        }
        int nameType = message.u8(from + 2);
        if (nameType != HOST_NAME_TYPE) {
            return malformed("server_name of type " + nameType + ", not host_name (0)");
        }
        int nameStart = from + 5;
        int nameEnd = nameStart + message.u16(from + 3);
        if (nameEnd != to) {
            return malformed(nameEnd < to ? "more than one name in server_name" : "host_name overruns server_name");
        }
        String nameProblem = SniHostName.problem(message, nameStart, nameEnd);
        if (nameProblem != null) {
            return malformed(nameProblem);
        }
        hostNameStart = nameStart;
        hostNameEnd = nameEnd;
        return null;
    }

    /** RFC 7301 3.1: a list of non-empty protocol names. */
    private SniffResult parseAlpn(int from, int to) {
        SniffResult problem = checkList(from, to, 2, "ALPN list");
        if (problem != null) {
            return problem;
        }
        int count = 0;
        for (int at = from + 2; at < to; ) {
            int length = message.u8(at);
            if (length == 0) {
                return malformed("empty ALPN protocol name");
            }
            at += 1 + length;
            if (at > to) {
                return malformed("ALPN protocol name overruns its list");
            }
            if (++count > MAX_ALPN_NAMES) {
                return malformed("more than " + MAX_ALPN_NAMES + " ALPN protocol names");
            }
        }
        alpnStart = from + 2;
        alpnCount = count;
        return null;
    }

    /** RFC 8446 4.2.1, the ClientHello form: a list of 2-byte versions. */
    private SniffResult parseSupportedVersions(int from, int to) {
        SniffResult problem = checkList(from, to, 1, "supported_versions list");
        if (problem != null) {
            return problem;
        }
        if ((to - from - 1) % 2 != 0) {
            return malformed("supported_versions list of " + (to - from - 1) + " bytes (2-byte versions)");
        }
        versionsStart = from + 1;
        versionsEnd = to;
        return null;
    }

    /**
     * Checks that extension data {@code [from, to)} has arrived and is one non-empty list whose length prefix of
     * {@code prefixLength} bytes counts exactly the rest.
     */
    private SniffResult checkList(int from, int to, int prefixLength, String name) {
        SniffResult missing = message.require(to);
        if (missing != null) {
            return missing;
        }
        if (to - from < prefixLength) {
            return malformed(name + " without its length");
        }
        int length = prefixLength == 1 ? message.u8(from) : message.u16(from);
        if (length != to - from - prefixLength) {
            return malformed(name + " of " + length + " bytes in an extension of " + (to - from));
        }
        return length == 0 ? malformed("empty " + name) : null;
    }

    /**
     * @param to   message offset after a field
     * @param name the field, for the detail
     * @return {@code null} if the field ends inside the hello and has arrived, else the reject or need-more
     */
    private SniffResult field(int to, String name) {
        if (to > end) {
            return malformed("ClientHello ends inside its " + name);
        }
        return message.require(to);
    }

    private SniffResult finish() {
        SniffResult missing = message.require(end);
        if (missing != null) {
            return missing;
        }
        if (!message.recordEndsAt(end)) {
            // nothing else may share the hello's records: the client waits for the server after it
            return malformed("handshake record continues after the ClientHello");
        }
        int highest = highestVersionOffered();
        if (highest < TLS_1_0) {
            return SniffResult.reject(RejectReason.UNSUPPORTED_VERSION, highest == SSL_3_0
                    ? "SSL 3.0 is the highest version offered" : "no SSL 3.0 or TLS version offered");
        }
        String hostName = hostNameStart < 0 ? null : SniHostName.lowerCase(message, hostNameStart, hostNameEnd);
        return SniffResult.match(Facts.builder(Protocol.TLS)
                .host(hostName)
                .sni(hostName)
                .alpn(alpnNames())
                .attribute("tls.handshake.version", versionName(clientVersion))
                .attribute("tls.supported_versions", supportedVersions())
                .attribute("tls.ech", encryptedClientHello ? "true" : null)
                .build());
    }

    /** RFC 8446 4.2.1: with supported_versions, servers ignore client_version; GREASE values offer nothing. */
    private int highestVersionOffered() {
        if (versionsStart < 0) {
            return clientVersion;
        }
        int highest = -1;
        for (int at = versionsStart; at < versionsEnd; at += 2) {
            int version = message.u16(at);
            if (!isGrease(version)) {
                highest = Math.max(highest, version);
            }
        }
        return highest;
    }

    /** The versions of supported_versions in the client's order without GREASE, joined by {@code |}; or null. */
    private String supportedVersions() {
        if (versionsStart < 0) {
            return null;
        }
        long packed = 0;
        int count = 0;
        for (int at = versionsStart; at < versionsEnd; at += 2) {
            int version = message.u16(at);
            if (!isGrease(version)) {
                packed = packed << 16 | version;
                count++;
            }
        }
        for (int i = 0; i < COMMON_VERSION_LISTS.length; i++) {
            // the name's length tells the count, which the packed value alone does not (0x0000 versions, more than 4)
            if (COMMON_VERSION_LISTS[i] == packed && COMMON_VERSION_LIST_NAMES[i].length() == count * 7 - 1) {
                return COMMON_VERSION_LIST_NAMES[i];
            }
        }
        StringBuilder versions = new StringBuilder(count * 7);
        for (int at = versionsStart; at < versionsEnd; at += 2) {
            int version = message.u16(at);
            if (!isGrease(version)) {
                versions.append(versions.length() == 0 ? "" : "|").append(versionName(version));
            }
        }
        return versions.toString();
    }

    /** An immutable list, which {@link Facts} keeps as it is instead of copying it. */
    private List<String> alpnNames() {
        if (alpnStart < 0) {
            return null;
        }
        String[] names = new String[alpnCount];
        int at = alpnStart;
        for (int i = 0; i < alpnCount; i++) {
            int length = message.u8(at);
            names[i] = alpnName(at + 1, at + 1 + length);
            at += 1 + length;
        }
        return List.of(names);
    }

    /** A protocol name is opaque bytes (RFC 7301 3.1); ISO-8859-1 keeps every byte as one character. */
    private String alpnName(int from, int to) {
        for (String common : COMMON_ALPN_NAMES) {
            if (equals(from, to, common)) {
                return common;
            }
        }
        byte[] name = new byte[to - from];
        for (int i = 0; i < name.length; i++) {
            name[i] = (byte) message.u8(from + i);
        }
        return new String(name, StandardCharsets.ISO_8859_1);
    }

    private boolean equals(int from, int to, String text) {
        if (to - from != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (message.u8(from + i) != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
