package org.rp.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(scope = "rp", name = "listener-remove", description = "Removes a listener (deletes its file in etc/): it"
        + " stops accepting and closes its connections. Example: rp:listener-remove sip")
public class RemoveListener extends SetupCommand {
    @Argument(index = 0, name = "name", required = true, description = "the listener, e.g. sip")
    @Completion(ListenerNames.class)
    String name;

    @Override
    void run() throws CommandException {
        EntryKind.LISTENER.remove(setup, name);
    }
}
