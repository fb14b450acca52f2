package org.rp.sniffers.ldap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.rp.api.Facts;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;

/**
 * Reads one LDAPMessage (RFC 4511 4.1.1) from {@code received[position, limit)} with absolute gets, front to back,
 * and answers as soon as the bytes decide. One instance per call: the sniffer is stateless.
 * <p>
 * Which bytes are ours: a SEQUENCE ({@code 0x30}) whose contents start with an INTEGER ({@code 0x02}), the
 * messageID. Anything else is not-mine after at most 7 bytes; after that every fault is a reject. The one
 * exception is the size: a SEQUENCE whose length octets state more than {@link #MAX_MESSAGE_LENGTH} is refused as oversize from its
 * length octets alone, before its contents are waited for.
 * <p>
 * The reader goes three levels deep, message, operation, the operation's fields (and the two fields of a SASL
 * credential), each element checked against the one enclosing it; search filters, attribute lists and controls
 * are only checked to fit. It matches only once the whole message has arrived, so that every length in it has
 * been checked, and since every decision depends only on the bytes before it, a longer prefix never changes an
 * answer. Bytes after the message (a client that does not wait for the bind response) are left alone.
 */
final class LdapMessageParser {
    /**
     * The longest contents an LDAPMessage may state: the listener default of {@code first.message.max.bytes}, which
     * counts the 2 to 6 header octets as well and so refuses a message this long while it arrives.
     */
    private static final int MAX_MESSAGE_LENGTH = 16384;
    /** Far longer than any directory's DN or user principal name; bounds the name rp decodes and logs. */
    private static final int MAX_BIND_NAME_LENGTH = 1024;
    /** Far longer than any registered extended operation's OID. */
    private static final int MAX_OID_LENGTH = 128;
    /** RFC 4422 3.1. */
    private static final int MAX_MECHANISM_LENGTH = 20;
    private static final String MECHANISM_SYNTAX = "SASL mechanism is not 1 to 20 letters, digits, '-' or '_'";
    private static final String START_TLS_OID = "1.3.6.1.4.1.1466.20037";

    // identifier octets (RFC 4511 4.1.1 and 4.2-4.14, X.690 8.1.2)
    private static final int INTEGER = 0x02;
    private static final int OCTET_STRING = 0x04;
    private static final int SEQUENCE = 0x30;
    private static final int BIND_REQUEST = 0x60;
    private static final int UNBIND_REQUEST = 0x42;
    private static final int SEARCH_REQUEST = 0x63;
    private static final int MODIFY_REQUEST = 0x66;
    private static final int ADD_REQUEST = 0x68;
    private static final int DEL_REQUEST = 0x4A;
    private static final int MOD_DN_REQUEST = 0x6C;
    private static final int COMPARE_REQUEST = 0x6E;
    private static final int ABANDON_REQUEST = 0x50;
    private static final int EXTENDED_REQUEST = 0x77;
    private static final int CONTROLS = 0xA0;
    private static final int SIMPLE = 0x80;
    private static final int SASL = 0xA3;
    /** Active Directory's NTLM bind (MS-ADTS 5.1.1.1.3): the package discovery that may come first ... */
    private static final int SICILY_PACKAGE_DISCOVERY = 0x89;
    /** ... and the negotiate message; the third step, sicilyResponse [11], cannot open a connection. */
    private static final int NTLMSSP_NEGOTIATE = 0x8A;
    private static final int REQUEST_NAME = 0x80;
    private static final int REQUEST_VALUE = 0x81;

    /** Every protocolOp number as reported in {@code ldap.op}, and the messageIDs clients start with, made once. */
    private static final String[] SMALL_NUMBERS = new String[(EXTENDED_REQUEST & 0x1F) + 1];

    static {
        for (int n = 0; n < SMALL_NUMBERS.length; n++) {
            SMALL_NUMBERS[n] = Integer.toString(n);
        }
    }

    private final ByteBuffer in;
    private final int start;
    private final int limit;
    private final BerReader ber;

    /** The value of the INTEGER last read by {@link #integer} or {@link #integerContents}. */
    private int value;
    private int messageEnd;
    private int messageId;
    private int operation;
    private int operationEnd;
    // bind: where the name and the SASL mechanism are; extended: where the OID is
    private int nameStart;
    private int nameEnd;
    private String authentication;
    private int mechanismStart = -1;
    private int mechanismEnd;
    private int oidStart;
    private int oidEnd;

    LdapMessageParser(ByteBuffer received) {
        this.in = received;
        this.start = received.position();
        this.limit = received.limit();
        this.ber = new BerReader(received, limit);
    }

    SniffResult parse() {
        if (start == limit) {
            return SniffResult.NEED_MORE;
        }
        if ((in.get(start) & 0xFF) != SEQUENCE) {
            return SniffResult.NOT_MINE;
        }
        SniffResult message = ber.header(start, BerReader.NO_ENCLOSING_ELEMENT, "LDAPMessage");
        if (message != null) {
            return message;
        }
        if (ber.length() > MAX_MESSAGE_LENGTH) {
            return SniffResult.reject(RejectReason.OVERSIZE,
                    "LDAPMessage of " + ber.length() + " bytes (at most " + MAX_MESSAGE_LENGTH + ")");
        }
        messageEnd = ber.end();
        int idAt = ber.contentStart();
        if (idAt < messageEnd) {
            // the one octet that tells an LDAPMessage from other bytes that start with "0"
            if (idAt >= limit) {
                return SniffResult.NEED_MORE;
            }
            if (in.get(idAt) != INTEGER) {
                return SniffResult.NOT_MINE;
            }
        }
        SniffResult id = integer(idAt, messageEnd, "messageID");
        if (id != null) {
            return id;
        }
        if (value == 0) {
            return BerReader.malformed("messageID 0 (reserved for unsolicited notifications)");
        }
        messageId = value;
        SniffResult operationResult = operation(ber.end());
        if (operationResult != null) {
            return operationResult;
        }
        SniffResult controls = controls(operationEnd);
        if (controls != null) {
            return controls;
        }
        return messageEnd <= limit ? SniffResult.match(facts()) : SniffResult.NEED_MORE;
    }

    /** Reads the protocolOp at {@code at} and the fields of those that carry facts. */
    private SniffResult operation(int at) {
        SniffResult read = ber.read(at, messageEnd, "protocolOp");
        if (read != null) {
            return read;
        }
        int tag = ber.tag();
        int contentStart = ber.contentStart();
        int end = ber.end();
        SniffResult fields;
        switch (tag) {
            case BIND_REQUEST:
                fields = bind(contentStart, end);
                break;
            case EXTENDED_REQUEST:
                fields = extended(contentStart, end);
                break;
            case UNBIND_REQUEST:
                fields = contentStart == end ? null : BerReader.malformed("unbindRequest is not an empty NULL");
                break;
            case ABANDON_REQUEST:
                fields = integerContents("abandonRequest messageID");
                break;
            case SEARCH_REQUEST:
            case MODIFY_REQUEST:
            case ADD_REQUEST:
            case DEL_REQUEST:
            case MOD_DN_REQUEST:
            case COMPARE_REQUEST:
                // no routing facts in these; their fields are the server's to check
                fields = null;
                break;
            default:
                return BerReader.malformed("protocolOp 0x" + Integer.toHexString(tag) + " is not a request");
        }
        operation = tag & 0x1F;
        operationEnd = end;
        return fields;
    }

    /** BindRequest (RFC 4511 4.2): version, name, authentication. */
    private SniffResult bind(int from, int to) {
        SniffResult version = integer(from, to, "bind version");
        if (version != null) {
            return version;
        }
        if (value != 3) {
            return value == 1 || value == 2
                    ? SniffResult.reject(RejectReason.UNSUPPORTED_VERSION, "LDAPv" + value + " bind")
                    : BerReader.malformed("bind version " + value);
        }
        SniffResult name = octetString(ber.end(), to, "bind name");
        if (name != null) {
            return name;
        }
        if (ber.length() > MAX_BIND_NAME_LENGTH) {
            return SniffResult.reject(RejectReason.OVERSIZE, "bind name longer than " + MAX_BIND_NAME_LENGTH + " bytes");
        }
        if (ber.end() > limit) {
            return SniffResult.NEED_MORE;
        }
        nameStart = ber.contentStart();
        nameEnd = ber.end();
        String nameProblem = LdapSyntax.textProblem(in, nameStart, nameEnd);
        if (nameProblem != null) {
            return BerReader.malformed(nameProblem + " in bind name");
        }
        SniffResult choice = ber.read(nameEnd, to, "bind authentication");
        if (choice != null) {
            return choice;
        }
        int authenticationEnd = ber.end();
        switch (ber.tag()) {
            case SIMPLE:
                authentication = "simple";
                break;
            case SASL:
                authentication = "sasl";
                SniffResult sasl = saslCredentials(ber.contentStart(), authenticationEnd);
                if (sasl != null) {
                    return sasl;
                }
                break;
            case SICILY_PACKAGE_DISCOVERY:
                authentication = "sicilyPackageDiscovery";
                break;
            case NTLMSSP_NEGOTIATE:
                authentication = "ntlmsspNegotiate";
                break;
            default:
                return BerReader.malformed("bind authentication choice 0x" + Integer.toHexString(ber.tag())
                        + " is not simple, sasl or an NTLM start");
        }
        return authenticationEnd == to ? null : BerReader.malformed("junk after the bind authentication");
    }

    /** SaslCredentials (RFC 4511 4.2): mechanism, optional credentials. */
    private SniffResult saslCredentials(int from, int to) {
        SniffResult mechanism = octetString(from, to, "SASL mechanism");
        if (mechanism != null) {
            return mechanism;
        }
        if (ber.length() > MAX_MECHANISM_LENGTH) {
            return BerReader.malformed(MECHANISM_SYNTAX);
        }
        if (ber.end() > limit) {
            return SniffResult.NEED_MORE;
        }
        mechanismStart = ber.contentStart();
        mechanismEnd = ber.end();
        if (!LdapSyntax.isWord(in, mechanismStart, mechanismEnd, MAX_MECHANISM_LENGTH)) {
            return BerReader.malformed(MECHANISM_SYNTAX);
        }
        if (mechanismEnd == to) {
            return null;
        }
        SniffResult credentials = octetString(mechanismEnd, to, "SASL credentials");
        if (credentials != null) {
            return credentials;
        }
        return ber.end() == to ? null : BerReader.malformed("junk after the SASL credentials");
    }

    /** ExtendedRequest (RFC 4511 4.12): requestName, optional requestValue. */
    private SniffResult extended(int from, int to) {
        SniffResult name = ber.read(from, to, "requestName");
        if (name != null) {
            return name;
        }
        if (ber.tag() != REQUEST_NAME) {
            return BerReader.malformed("extendedReq does not start with a requestName");
        }
        if (ber.length() > MAX_OID_LENGTH) {
            return SniffResult.reject(RejectReason.OVERSIZE, "requestName longer than " + MAX_OID_LENGTH + " bytes");
        }
        oidStart = ber.contentStart();
        oidEnd = ber.end();
        if (oidEnd > limit) {
            return SniffResult.NEED_MORE;
        }
        if (!LdapSyntax.isNumericOid(in, oidStart, oidEnd)) {
            return BerReader.malformed("requestName is not a numeric OID");
        }
        if (oidEnd == to) {
            return null;
        }
        SniffResult requestValue = ber.read(oidEnd, to, "requestValue");
        if (requestValue != null) {
            return requestValue;
        }
        if (ber.tag() != REQUEST_VALUE) {
            return BerReader.malformed("extendedReq field 0x" + Integer.toHexString(ber.tag()) + " is not a requestValue");
        }
        return ber.end() == to ? null : BerReader.malformed("junk after the requestValue");
    }

    /** The optional controls [0] after the operation, which must end the message; not looked into. */
    private SniffResult controls(int at) {
        if (at == messageEnd) {
            return null;
        }
        SniffResult read = ber.read(at, messageEnd, "controls");
        if (read != null) {
            return read;
        }
        if (ber.tag() != CONTROLS) {
            return BerReader.malformed("junk after the protocolOp");
        }
        return ber.end() == messageEnd ? null : BerReader.malformed("junk after the controls");
    }

    /** Reads the header of an OCTET STRING; its contents may not have arrived yet. */
    private SniffResult octetString(int at, int enclosingEnd, String what) {
        SniffResult read = ber.read(at, enclosingEnd, what);
        if (read != null) {
            return read;
        }
        return ber.tag() == OCTET_STRING ? null : BerReader.malformed(what + " is not an OCTET STRING");
    }

    /** Reads an INTEGER into {@link #value}, see {@link #integerContents}. */
    private SniffResult integer(int at, int enclosingEnd, String what) {
        SniffResult read = ber.read(at, enclosingEnd, what);
        if (read != null) {
            return read;
        }
        return ber.tag() == INTEGER ? integerContents(what) : BerReader.malformed(what + " is not an INTEGER");
    }

    /**
     * Reads the contents of the element the reader is on as an INTEGER of 1 to 4 octets from 0 to 2^31-1 (RFC 4511
     * MessageID and the bind version's range) into {@link #value}.
     */
    private SniffResult integerContents(String what) {
        int from = ber.contentStart();
        int to = ber.end();
        if (to - from < 1 || to - from > 4) {
            return BerReader.malformed(what + " is not 1 to 4 octets");
        }
        if (to > limit) {
            return SniffResult.NEED_MORE;
        }
        if (in.get(from) < 0) {
            return BerReader.malformed(what + " is negative");
        }
        int integer = 0;
        for (int i = from; i < to; i++) {
            integer = integer << 8 | (in.get(i) & 0xFF);
        }
        value = integer;
        return null;
    }

    private Facts facts() {
        Facts.Builder facts = Facts.builder(Protocol.LDAP)
                .attribute("ldap.messageID", messageId < SMALL_NUMBERS.length ? SMALL_NUMBERS[messageId]
                        : Integer.toString(messageId))
                .attribute("ldap.op", SMALL_NUMBERS[operation]);
        if (operation == (BIND_REQUEST & 0x1F)) {
            // an empty name is an anonymous bind (RFC 4513 5.1.1), or a SASL one whose identity is in the credentials
            if (nameStart < nameEnd) {
                facts.bindName(text(nameStart, nameEnd, true)).host(BindNameDomain.of(in, nameStart, nameEnd));
            }
            facts.attribute("ldap.version", "3")
                    .attribute("ldap.auth", authentication)
                    .attribute("ldap.sasl", mechanismStart < 0 ? null : text(mechanismStart, mechanismEnd, false));
        } else if (operation == (EXTENDED_REQUEST & 0x1F)) {
            String oid = text(oidStart, oidEnd, false);
            facts.attribute("ldap.extended.oid", oid)
                    .attribute("ldap.starttls", START_TLS_OID.equals(oid) ? "true" : null);
        }
        return facts.build();
    }

    /** @param utf8 the bytes are checked UTF-8 rather than ASCII */
    private String text(int from, int to, boolean utf8) {
        byte[] bytes = new byte[to - from];
        in.get(from, bytes);
        return new String(bytes, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }
}
