package org.rp.shell;

import java.time.Duration;
import java.time.Instant;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.rp.api.guard.Blacklist;

@Service
@Command(scope = "rp", name = "blacklist-add", description = "Blocks an address or CIDR range (IPv4 or IPv6):"
        + " its connections are closed at accept. Until removed (kept in static of etc/rp.blacklist.cfg, so it"
        + " outlives a restart), or for --minutes (until then or until rp restarts)."
        + " Example: rp:blacklist-add --minutes 60 203.0.113.0/24")
public class AddBlacklist extends BlacklistCommand {
    @Option(name = "--minutes", description = "how long; without it, until rp:blacklist-remove")
    Integer minutes;

    @Argument(index = 0, name = "range", required = true, description = "address or CIDR range, e.g. 203.0.113.7")
    String range;

    @Override
    void run() throws CommandException {
        if (minutes != null && minutes <= 0) {
            throw new CommandException("--minutes " + minutes + ": give a number of minutes above 0, e.g. --minutes 60");
        }
        Instant until = minutes == null ? null : Instant.now().plus(Duration.ofMinutes(minutes));
        Blacklist.Entry entry = blacklist.block(range, until, "manual");
        System.out.println("Blocked " + entry.range() + (until == null ? " until removed" : " until " + until));
    }
}
