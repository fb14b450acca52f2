package org.rp.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(scope = "rp", name = "rule-set", description = "Changes settings of a rule, given as key=value with the"
        + " keys of rp:rule-add; key= (nothing after =) returns a key to its default. Applies to the next connection"
        + " (and the next request of a keep-alive one). Example: rp:rule-set pbx-web target.port=8080")
public class SetRule extends SetupCommand {
    @Argument(index = 0, name = "name", required = true, description = "the rule, e.g. pbx-web")
    @Completion(RuleNames.class)
    String name;

    @Argument(index = 1, name = "key=value", multiValued = true, description = "the settings to change")
    List<String> settings;

    @Override
    void run() throws CommandException {
        EntryKind.RULE.set(setup, name, settings);
    }
}
