package org.rp.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.rp.api.admin.Operations;

@Service
@Command(scope = "rp", name = "connection-close", description = "Closes a live connection (both legs). Example:"
        + " rp:connection-close 42 (ids from rp:connections)")
public class CloseConnection implements Action {
    @Reference
    Operations operations;

    @Argument(index = 0, name = "id", required = true, description = "the connection's id, from rp:connections")
    @Completion(ConnectionIds.class)
    long id;

    @Override
    public Object execute() throws CommandException {
        if (!operations.closeConnection(id)) {
            throw new CommandException("no live connection " + id + "; rp:connections lists them");
        }
        System.out.println("Closing connection " + id);
        return null;
    }
}
