package org.rp.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rp.api.guard.Blacklist;

/** Completes the blocked addresses and ranges, as rp:blacklist-list shows them. */
@Service
public class BlockedRanges implements Completer {
    @Reference
    Blacklist blacklist;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ranges = blacklist.entries().stream().map(Blacklist.Entry::range).toList();
        return new StringsCompleter(ranges).complete(session, commandLine, candidates);
    }
}
