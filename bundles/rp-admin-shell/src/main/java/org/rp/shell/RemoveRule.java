package org.rp.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(scope = "rp", name = "rule-remove", description = "Removes a rule (deletes its file in etc/): its host"
        + " is refused from the next connection or request on. Example: rp:rule-remove pbx-sip")
public class RemoveRule extends SetupCommand {
    @Argument(index = 0, name = "name", required = true, description = "the rule, e.g. pbx-sip")
    @Completion(RuleNames.class)
    String name;

    @Override
    void run() throws CommandException {
        EntryKind.RULE.remove(setup, name);
    }
}
