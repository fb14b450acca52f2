package org.rp.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rp.api.admin.Setup;
import org.rp.api.admin.Setup.Entry;

/** Completes the names of the listeners or rules, as the files in etc/ are at the moment of completion. */
abstract class EntryNameCompleter implements Completer {
    @Reference
    Setup setup;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names = kind().list(setup).stream().map(Entry::name).toList();
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }

    abstract EntryKind kind();
}
