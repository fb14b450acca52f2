package org.rp.routes;

/** A listener's counters over JMX ({@code org.rp:type=listener,name=<listener>}), as rp:stats shows them. */
public interface ListenerStatsMBean {
    long getAccepted();

    long getRelayed();

    long getActive();

    /** Relayed connections closed by idle.timeout.s. */
    long getIdleTimeouts();

    long getRejected();

    /** e.g. {@code unknown_host=3 sniff_timeout=1} */
    String getRejectedByReason();

    long getBytesIn();

    long getBytesOut();

    long getSniffMicrosP50();

    long getSniffMicrosP99();
}
