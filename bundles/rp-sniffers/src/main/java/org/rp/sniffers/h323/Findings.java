package org.rp.sniffers.h323;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

import org.rp.api.Facts;

/**
 * What the decoders found, kept as positions in the received buffer: alias strings, the gatekeeper identifier and
 * the RAS message kind. Strings are made only once the message is known to be complete and well formed, and only
 * for the facts that are reported.
 * <p>
 * Every string recorded here starts on an octet boundary (PER ALIGNED octet-aligns strings whose upper bound
 * times character size exceeds 16 bits, which holds for all of them), so a position and a character count
 * describe it.
 */
final class Findings {
    /** {@code dialledDigits} and the digits of a {@code partyNumber}: 4-bit indexes into {@link #DIGITS}. */
    static final int DIALLED_DIGITS = 0;
    static final int PARTY_NUMBER = 1;
    /** {@code h323-ID}, and the gatekeeper identifier: BMPString, 16 bits a character. */
    static final int H323_ID = 2;
    /** {@code url-ID} and {@code email-ID}: IA5String, one octet a character. */
    static final int URL_ID = 3;
    static final int EMAIL_ID = 4;

    /** The permitted alphabet of dialledDigits and NumberDigits in canonical order, which PER encodes indexes into. */
    static final String DIGITS = "#*,0123456789";
    /** Aliases one message may carry; far above what endpoints send, and a bound on the memory kept here. */
    static final int MAX_ALIASES = 128;

    private static final String H323_URL_SCHEME = "h323:";
    /** Three ints an alias: kind times 2 plus 1 if it is a destination alias, first byte index, character count. */
    private static final int FIELDS = 3;

    private final ByteBuffer in;
    private int[] aliases = new int[4 * FIELDS];
    private int aliasCount;
    private boolean recording = true;
    private boolean destination;
    private String rasKind;
    private int gatekeeperStart = -1;
    private int gatekeeperLength;

    Findings(ByteBuffer in) {
        this.in = in;
    }

    /** Whether the aliases read from now on are destination aliases; {@code recording} false ignores them. */
    void aliasRole(boolean recording, boolean destination) {
        this.recording = recording;
        this.destination = destination;
    }

    /** @return {@code false} if this alias would be one too many */
    boolean addAlias(int kind, int start, int length) {
        if (!recording) {
            return true;
        }
        if (aliasCount == MAX_ALIASES) {
            return false;
        }
        int at = aliasCount * FIELDS;
        if (at == aliases.length) {
            aliases = Arrays.copyOf(aliases, aliases.length * 2);
        }
        aliases[at] = kind << 1 | (destination ? 1 : 0);
        aliases[at + 1] = start;
        aliases[at + 2] = length;
        aliasCount++;
        return true;
    }

    /** @param kind {@code "grq"} or {@code "rrq"}, as the corpus names them */
    void rasKind(String kind) {
        rasKind = kind;
    }

    void gatekeeperIdentifier(int start, int length) {
        gatekeeperStart = start;
        gatekeeperLength = length;
    }

    /**
     * Setup: {@code alias} is the first destination alias; {@code host} the domain of the first destination alias
     * of the form user@domain (h323-ID, url-ID {@code h323:user@domain}, email-ID), else the first destination
     * h323-ID or dialledDigits itself, lower case; neither if the Setup names no destination alias.
     */
    void addSetupFacts(Facts.Builder facts) {
        boolean named = false;
        int plain = -1;
        for (int i = 0; i < aliasCount; i++) {
            if (!isDestination(i)) {
                continue;
            }
            if (!named) {
                facts.alias(text(i, 0, length(i)));
                named = true;
            }
            int domainStart = domainStart(i);
            if (domainStart >= 0) {
                facts.host(text(i, domainStart, domainEnd(i, domainStart)).toLowerCase(Locale.ROOT));
                return;
            }
            if (plain < 0 && (kind(i) == H323_ID || kind(i) == DIALLED_DIGITS)) {
                plain = i;
            }
        }
        if (plain >= 0) {
            facts.host(text(plain, 0, length(plain)).toLowerCase(Locale.ROOT));
        }
    }

    /** RAS: {@code h323.ras}, and the gatekeeper identifier as {@code h225.gkid} and, lower case, as the host. */
    void addRasFacts(Facts.Builder facts) {
        facts.attribute("h323.ras", rasKind);
        if (gatekeeperStart >= 0) {
            char[] gatekeeper = new char[gatekeeperLength];
            for (int k = 0; k < gatekeeperLength; k++) {
                gatekeeper[k] = bmpChar(gatekeeperStart, k);
            }
            String id = new String(gatekeeper);
            String lowerCase = id.toLowerCase(Locale.ROOT);
            facts.attribute("h225.gkid", id).gatekeeperId(lowerCase).host(lowerCase);
        }
    }

    /**
     * {@code h225.h323_ID} and {@code h225.dialledDigits}: every such alias in message order, {@code |}-joined,
     * the way Wireshark lists its fields (source and destination alike).
     */
    void addAliasAttributes(Facts.Builder facts) {
        facts.attribute("h225.h323_ID", joined(H323_ID));
        facts.attribute("h225.dialledDigits", joined(DIALLED_DIGITS));
    }

    private String joined(int kind) {
        StringBuilder joined = null;
        for (int i = 0; i < aliasCount; i++) {
            if (kind(i) == kind) {
                if (joined == null) {
                    joined = new StringBuilder(length(i) * 2);
                } else {
                    joined.append('|');
                }
                for (int k = 0; k < length(i); k++) {
                    joined.append(charAt(i, k));
                }
            }
        }
        return joined == null ? null : joined.toString();
    }

    private String text(int alias, int from, int to) {
        char[] text = new char[to - from];
        for (int k = 0; k < text.length; k++) {
            text[k] = charAt(alias, from + k);
        }
        return new String(text);
    }

    /**
     * @return the index of the first character after the {@code @} of a user@domain alias (after {@code h323:} for
     *         a url-ID; exactly one {@code @}, something on both sides), or -1
     */
    private int domainStart(int alias) {
        int kind = kind(alias);
        int from;
        if (kind == H323_ID || kind == EMAIL_ID) {
            from = 0;
        } else if (kind == URL_ID && startsWithScheme(alias)) {
            from = H323_URL_SCHEME.length();
        } else {
            return -1;
        }
        int at = -1;
        for (int k = from; k < length(alias); k++) {
            if (charAt(alias, k) == '@') {
                if (at >= 0) {
                    return -1;
                }
                at = k;
            }
        }
        return at > from && domainEnd(alias, at + 1) > at + 1 ? at + 1 : -1;
    }

    /** The end of the domain: before a url-ID's port, parameters or headers, and before a trailing dot. */
    private int domainEnd(int alias, int domainStart) {
        int end = length(alias);
        if (kind(alias) == URL_ID) {
            for (int k = domainStart; k < end; k++) {
                char c = charAt(alias, k);
                if (c == ':' || c == ';' || c == '?') {
                    end = k;
                    break;
                }
            }
        }
        return end > domainStart && charAt(alias, end - 1) == '.' ? end - 1 : end;
    }

    private boolean startsWithScheme(int alias) {
        if (length(alias) < H323_URL_SCHEME.length()) {
            return false;
        }
        for (int k = 0; k < H323_URL_SCHEME.length(); k++) {
            if (Character.toLowerCase(charAt(alias, k)) != H323_URL_SCHEME.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private char charAt(int alias, int k) {
        int start = aliases[alias * FIELDS + 1];
        switch (kind(alias)) {
            case DIALLED_DIGITS:
            case PARTY_NUMBER:
                int octet = in.get(start + (k >> 1));
                return DIGITS.charAt((k & 1) == 0 ? (octet >> 4) & 0xf : octet & 0xf);
            case H323_ID:
                return bmpChar(start, k);
            default:
                return (char) in.get(start + k);
        }
    }

    private char bmpChar(int start, int k) {
        return (char) ((in.get(start + 2 * k) & 0xff) << 8 | (in.get(start + 2 * k + 1) & 0xff));
    }

    private int kind(int alias) {
        return aliases[alias * FIELDS] >> 1;
    }

    private boolean isDestination(int alias) {
        return (aliases[alias * FIELDS] & 1) == 1;
    }

    private int length(int alias) {
        return aliases[alias * FIELDS + 2];
    }
}
