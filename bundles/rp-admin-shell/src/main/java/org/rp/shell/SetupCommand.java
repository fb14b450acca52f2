package org.rp.shell;

import java.io.UncheckedIOException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;
import org.rp.api.admin.Setup;

/**
 * What every listener, rule, preset and port map command shares: the setup service, and its refusals as one line
 * (Karaf prints a {@link CommandException} as its message alone and fails the command, for scripts too).
 */
abstract class SetupCommand implements Action {
    @Reference
    Setup setup;

    @Override
    public final Object execute() throws CommandException {
        try {
            run();
        } catch (IllegalArgumentException | UncheckedIOException refused) {
            throw new CommandException(refused.getMessage());
        }
        return null;
    }

    /** Does the command's call to the setup service and prints the answer. */
    abstract void run() throws CommandException;
}
