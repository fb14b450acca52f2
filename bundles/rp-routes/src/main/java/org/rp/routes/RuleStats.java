package org.rp.routes;

import java.util.Map;

import javax.management.ObjectName;

import org.rp.api.admin.Operations;

/** Publishes one rule's counters as an MBean for as long as the rule is configured. */
final class RuleStats implements RuleStatsMBean {
    private static final Operations.RuleStats NONE_YET = new Operations.RuleStats("", 0, 0, Map.of(), 0, 0);

    private final String rule;
    private final Operations operations;
    private ObjectName name;

    private RuleStats(String rule, Operations operations) {
        this.rule = rule;
        this.operations = operations;
    }

    /** @return the published MBean, or null if JMX refused it (logged) */
    static RuleStats register(String rule, Operations operations) {
        RuleStats stats = new RuleStats(rule, operations);
        stats.name = JmxCounters.publish(stats, "rule", rule);
        return stats.name == null ? null : stats;
    }

    String rule() {
        return rule;
    }

    void unregister() {
        JmxCounters.withdraw(name);
    }

    /** A rule that has not relayed or refused anything has no counters yet: zeros. */
    private Operations.RuleStats now() {
        return operations.ruleStats().stream().filter(s -> s.rule().equals(rule)).findFirst().orElse(NONE_YET);
    }

    @Override
    public long getRelayed() {
        return now().relayed();
    }

    @Override
    public long getActive() {
        return now().active();
    }

    @Override
    public long getRejected() {
        return JmxCounters.total(now().rejected());
    }

    @Override
    public String getRejectedByReason() {
        return JmxCounters.text(now().rejected());
    }

    @Override
    public long getBytesIn() {
        return now().bytesIn();
    }

    @Override
    public long getBytesOut() {
        return now().bytesOut();
    }
}
