package org.rp.sniffers.ldap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The domain a bind name belongs to, which is LDAP's routing key: the part after the {@code @} of a user principal
 * name ({@code alice@example.com}), or the trailing {@code dc=} RDNs of a distinguished name joined by dots
 * ({@code cn=admin,dc=example,dc=com}, RFC 2247), lower-cased. A plain name ({@code User1}) has none.
 * <p>
 * Where the name could be read two ways, it has no domain rather than a guessed one: a {@code dc} value that is
 * escaped or not a DNS label, RFC 2253 quoting or {@code ;} separators (which RFC 4514 parsers do not split on), an
 * RDN without {@code =}. The trailing run counts because it is the naming context a directory serves the entry
 * from: in {@code cn=x,dc=a,ou=y,dc=example,dc=com} the domain is {@code example.com}. A name whose last RDN is not
 * a {@code dc} has none. Spaces around {@code =} and {@code ,} are tolerated, as directories do.
 */
final class BindNameDomain {
    private static final int MAX_DOMAIN_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    private final ByteBuffer in;
    private final int nameEnd;

    // the RDN last read by readRdn
    private int rdnEnd;
    private boolean domainComponent;
    private int valueStart;
    private int valueEnd;

    private BindNameDomain(ByteBuffer in, int nameEnd) {
        this.in = in;
        this.nameEnd = nameEnd;
    }

    /** @return the lower-case domain of the bind name {@code in[from, to)}, or {@code null} if it names none */
    static String of(ByteBuffer in, int from, int to) {
        int atSigns = 0;
        int lastAtSign = -1;
        for (int i = from; i < to; i++) {
            byte b = in.get(i);
            if (b == '=') {
                return new BindNameDomain(in, to).ofDistinguishedName(from);
            }
            if (b == '@') {
                atSigns++;
                lastAtSign = i;
            }
        }
        return atSigns == 1 && lastAtSign > from ? ofUserPrincipalName(in, lastAtSign + 1, to) : null;
    }

    private static String ofUserPrincipalName(ByteBuffer in, int domainStart, int domainEnd) {
        if (domainEnd - domainStart > MAX_DOMAIN_LENGTH) {
            return null;
        }
        int labelStart = domainStart;
        for (int i = domainStart; i <= domainEnd; i++) {
            if (i == domainEnd || in.get(i) == '.') {
                if (!isLabel(in, labelStart, i)) {
                    return null;
                }
                labelStart = i + 1;
            }
        }
        byte[] domain = new byte[domainEnd - domainStart];
        copyLowerCase(in, domainStart, domainEnd, domain, 0);
        return new String(domain, StandardCharsets.ISO_8859_1);
    }

    private String ofDistinguishedName(int from) {
        // the trailing run of dc RDNs: where it starts, how many RDNs, how long the dotted domain is
        int runStart = from;
        int runRdns = 0;
        int runLength = -1;
        int rdnStart = from;
        while (true) {
            if (!readRdn(rdnStart)) {
                return null;
            }
            if (domainComponent) {
                if (runRdns == 0) {
                    runStart = rdnStart;
                }
                runRdns++;
                runLength += 1 + valueEnd - valueStart;
            } else {
                runRdns = 0;
                runLength = -1;
            }
            if (rdnEnd == nameEnd) {
                break;
            }
            rdnStart = rdnEnd + 1;
        }
        if (runRdns == 0 || runLength > MAX_DOMAIN_LENGTH) {
            return null;
        }
        byte[] domain = new byte[runLength];
        int at = 0;
        rdnStart = runStart;
        for (int k = 0; k < runRdns; k++) {
            readRdn(rdnStart);
            if (k > 0) {
                domain[at++] = '.';
            }
            at = copyLowerCase(in, valueStart, valueEnd, domain, at);
            rdnStart = rdnEnd + 1;
        }
        return new String(domain, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads the RDN at {@code from} up to the next unescaped comma.
     *
     * @return {@code false} if the name cannot be read as a DN with one meaning, or has a {@code dc} value that is
     *         not a plain DNS label: then the whole name has no domain
     */
    private boolean readRdn(int from) {
        int equalsSign = -1;
        boolean multiValued = false;
        int i = from;
        for (; i < nameEnd; i++) {
            byte b = in.get(i);
            if (b == ',') {
                break;
            }
            if (b == '\\') {
                if (equalsSign < 0 || i + 1 == nameEnd) {
                    return false;
                }
                // the escaped octet (or the first of two hex digits) cannot end the RDN; the backslash that stays in
                // the value keeps it from being a label
                i++;
            } else if (b == '"' || b == ';') {
                return false;
            } else if (b == '+') {
                multiValued = true;
            } else if (b == '=' && equalsSign < 0) {
                equalsSign = i;
            }
        }
        rdnEnd = i;
        if (equalsSign < 0) {
            return false;
        }
        int typeStart = skipSpaces(from, equalsSign);
        int typeEnd = trimSpaces(typeStart, equalsSign);
        if (typeStart == typeEnd) {
            return false;
        }
        valueStart = skipSpaces(equalsSign + 1, rdnEnd);
        valueEnd = trimSpaces(valueStart, rdnEnd);
        boolean dcType = typeEnd - typeStart == 2 && LdapSyntax.toLowerCase(in.get(typeStart)) == 'd'
                && LdapSyntax.toLowerCase(in.get(typeStart + 1)) == 'c';
        // a multi-valued RDN is not a domain component even if one of its values is a dc
        domainComponent = dcType && !multiValued;
        return !domainComponent || isLabel(in, valueStart, valueEnd);
    }

    private int skipSpaces(int from, int to) {
        int i = from;
        while (i < to && in.get(i) == ' ') {
            i++;
        }
        return i;
    }

    /** @return the end of {@code in[from, to)} without its trailing spaces */
    private int trimSpaces(int from, int to) {
        int i = to;
        while (i > from && in.get(i - 1) == ' ') {
            i--;
        }
        return i;
    }

    private static boolean isLabel(ByteBuffer in, int from, int to) {
        return LdapSyntax.isWord(in, from, to, MAX_LABEL_LENGTH);
    }

    /** @return the index in {@code out} after the copy */
    private static int copyLowerCase(ByteBuffer in, int from, int to, byte[] out, int at) {
        for (int i = from; i < to; i++) {
            out[at++] = LdapSyntax.toLowerCase(in.get(i));
        }
        return at;
    }
}
