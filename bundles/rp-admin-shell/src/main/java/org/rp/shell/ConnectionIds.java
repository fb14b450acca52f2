package org.rp.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rp.api.admin.Operations;

/** Completes the ids of the live connections. */
@Service
public class ConnectionIds implements Completer {
    @Reference
    Operations operations;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids = operations.connections().stream().map(c -> String.valueOf(c.id())).toList();
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}
