package org.rp.routes;

/** A rule's counters over JMX ({@code org.rp:type=rule,name=<rule>}), as rp:stats shows them. */
public interface RuleStatsMBean {
    long getRelayed();

    long getActive();

    long getRejected();

    /** e.g. {@code path_not_allowed=3} */
    String getRejectedByReason();

    long getBytesIn();

    long getBytesOut();
}
