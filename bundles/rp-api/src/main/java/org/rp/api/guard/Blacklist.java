package org.rp.api.guard;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * Client addresses rp closes at accept, before a byte is read: static entries from {@code etc/rp.blacklist.cfg}
 * (addresses and CIDR ranges, IPv4 and IPv6), sources blocked automatically for a while after too many suspicious
 * first messages, and entries an operator adds.
 */
@org.osgi.annotation.versioning.ProviderType
public interface Blacklist {

    /**
     * One blocked address or range.
     *
     * @param range  an address or CIDR range, e.g. {@code 203.0.113.7/32} or {@code 2001:db8::/32}
     * @param until  when the block ends; {@code null} for a block that lasts until it is removed
     * @param reason why, e.g. {@code static}, {@code manual} or {@code 21 suspicious in a minute}
     */
    record Entry(String range, Instant until, String reason) {
    }

    /** @return the blocks in force now, static ones first */
    List<Entry> entries();

    /**
     * Blocks an address or range until {@code until}, or ({@code null}) until removed: such a block becomes a static
     * entry, kept in {@code etc/rp.blacklist.cfg} so that it outlives a restart.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code range}, with an example
     */
    Entry block(String range, Instant until, String reason);

    /** Lifts a block of exactly this range: automatic, for a while, or static (taken out of the file). */
    boolean unblock(String range);

    boolean isBlocked(InetAddress address);
}
