package org.rp.api.sniff;

import java.util.Objects;

import org.rp.api.Facts;
import org.rp.api.RejectReason;

/** A sniffer's answer; need-more and not-mine are shared constants, so asking costs no allocation. */
public final class SniffResult {

    public enum Kind {
        /** The bytes so far could be this protocol's first message, but it is not complete. */
        NEED_MORE,
        /** The bytes are not this protocol. */
        NOT_MINE,
        /** A complete first message of this protocol; {@link #facts()} has what was found. */
        MATCH,
        /** This protocol, but broken or over a limit; nothing may be relayed. */
        REJECT
    }

    public static final SniffResult NEED_MORE = new SniffResult(Kind.NEED_MORE, null, null, null);
    public static final SniffResult NOT_MINE = new SniffResult(Kind.NOT_MINE, null, null, null);

    private final Kind kind;
    private final Facts facts;
    private final RejectReason reason;
    private final String detail;

    private SniffResult(Kind kind, Facts facts, RejectReason reason, String detail) {
        this.kind = kind;
        this.facts = facts;
        this.reason = reason;
        this.detail = detail;
    }

    public static SniffResult match(Facts facts) {
        return new SniffResult(Kind.MATCH, Objects.requireNonNull(facts, "facts"), null, null);
    }

    /** @param detail what exactly was wrong, for the log (e.g. "two Host headers") */
    public static SniffResult reject(RejectReason reason, String detail) {
        return new SniffResult(Kind.REJECT, null, Objects.requireNonNull(reason, "reason"), detail);
    }

    public Kind kind() {
        return kind;
    }

    public Facts facts() {
        return facts;
    }

    public RejectReason reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        switch (kind) {
            case MATCH:
                return "match " + facts;
            case REJECT:
                return "reject " + reason.counterName() + ": " + detail;
            default:
                return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
