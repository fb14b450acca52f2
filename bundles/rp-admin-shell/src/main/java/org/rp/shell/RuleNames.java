package org.rp.shell;

import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of the rules. */
@Service
public class RuleNames extends EntryNameCompleter {
    @Override
    EntryKind kind() {
        return EntryKind.RULE;
    }
}
