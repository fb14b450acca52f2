package org.rp.shell;

import java.io.UncheckedIOException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;
import org.rp.api.guard.Blacklist;

/**
 * What the blacklist commands share: the service, and as one line a bad address or range, or a block until removed
 * that could not be kept in etc/rp.blacklist.cfg.
 */
abstract class BlacklistCommand implements Action {
    @Reference
    Blacklist blacklist;

    @Override
    public final Object execute() throws CommandException {
        try {
            run();
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new CommandException(e.getMessage());
        }
        return null;
    }

    abstract void run() throws CommandException;
}
