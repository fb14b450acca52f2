package org.rp.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;
import org.rp.api.guard.Blacklist;

/** What the blacklist commands share: the service, and a bad address or range as one line. */
abstract class BlacklistCommand implements Action {
    @Reference
    Blacklist blacklist;

    @Override
    public final Object execute() throws CommandException {
        try {
            run();
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        }
        return null;
    }

    abstract void run() throws CommandException;
}
