package org.rp.shell;

import java.io.UncheckedIOException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.support.CommandException;
import org.rp.api.cert.CertificateProblem;

/**
 * What every rp command shares: a refusal by the service it calls (a bad argument, a state that does not allow it,
 * a file that cannot be read or written, a certificate problem) becomes one line. Karaf prints a
 * {@link CommandException} as its message alone (no stack trace, logged at debug only) and fails the command, so
 * that scripts see the failure too.
 */
abstract class RefusingCommand implements Action {
    @Override
    public final Object execute() throws CommandException {
        try {
            run();
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException | CertificateProblem refused) {
            throw new CommandException(refused.getMessage());
        }
        return null;
    }

    /** Does the command's call to its service and prints the answer. */
    abstract void run() throws CommandException;
}
