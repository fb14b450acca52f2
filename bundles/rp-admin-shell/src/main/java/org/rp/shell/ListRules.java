package org.rp.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "rp", name = "rule-list", description = "Lists the rules, the files etc/rp.rule~<name>.cfg:"
        + " host, listeners, paths, target and any other setting, as key=value; an empty cell is the default"
        + " (listeners: all, paths: /, target.tls.port: target.port). rp:rule-test shows which rule a client meets.")
public class ListRules extends TableCommand {
    @Override
    void run() {
        EntryKind.RULE.print(setup.rules(), !noFormat);
    }
}
