package org.rp.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(scope = "rp", name = "blacklist-remove", description = "Lifts a block: a static one (and so"
        + " one added until removed) is taken out of etc/rp.blacklist.cfg. Example: rp:blacklist-remove 203.0.113.7")
public class RemoveBlacklist extends BlacklistCommand {
    @Argument(index = 0, name = "range", required = true, description = "address or CIDR range, as rp:blacklist-list shows it")
    @Completion(BlockedRanges.class)
    String range;

    @Override
    void run() throws CommandException {
        if (!blacklist.unblock(range)) {
            throw new CommandException("no block of " + range + " (rp:blacklist-list shows them)");
        }
        System.out.println("Unblocked " + range);
    }
}
