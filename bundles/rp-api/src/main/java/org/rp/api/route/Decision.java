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

    /** Refuse; nothing reaches an upstream. */
    record Reject(RejectReason reason, String detail) implements Decision {
        public Reject {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
