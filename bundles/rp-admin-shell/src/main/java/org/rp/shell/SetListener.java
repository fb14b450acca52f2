package org.rp.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(scope = "rp", name = "listener-set", description = "Changes settings of a listener, given as key=value"
        + " with the keys of rp:listener-add; key= (nothing after =) returns a key to its default. A new port or"
        + " bind address moves the listener (closing its connections); other changes apply to the next connection."
        + " Example: rp:listener-set http port=8080 bind=127.0.0.1")
public class SetListener extends SetupCommand {
    @Argument(index = 0, name = "name", required = true, description = "the listener, e.g. http")
    @Completion(ListenerNames.class)
    String name;

    @Argument(index = 1, name = "key=value", multiValued = true, description = "the settings to change")
    List<String> settings;

    @Override
    void run() throws CommandException {
        EntryKind.LISTENER.set(setup, name, settings);
    }
}
