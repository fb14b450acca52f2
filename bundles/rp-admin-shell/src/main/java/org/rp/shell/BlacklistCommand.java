package org.rp.shell;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.rp.api.guard.Blacklist;

/** What the blacklist commands share: the service. */
abstract class BlacklistCommand extends RefusingCommand {
    @Reference
    Blacklist blacklist;
}
