package org.rp.api.route;

import java.util.Objects;

import org.rp.api.RejectReason;

/** What the route table decided for a first message (or, on HTTP keep-alive, for each request). */
public sealed interface Decision {

    /** Relay the connection to the rule's target. */
    record Relay(Rule rule) implements Decision {
        public Relay {
            Objects.requireNonNull(rule, "rule");
        }
    }

    /**
     * Refuse; nothing reaches an upstream.
     *
     * @param rule the rule that matched the name but refused (a path it does not allow, a failed certificate check,
     *             its target unreachable), or null
     */
    record Reject(RejectReason reason, String detail, String rule) implements Decision {
        public Reject {
            Objects.requireNonNull(reason, "reason");
        }

        /** A refusal no rule answers for: no rule matched, or the message was not acceptable. */
        public Reject(RejectReason reason, String detail) {
            this(reason, detail, null);
        }
    }
}
