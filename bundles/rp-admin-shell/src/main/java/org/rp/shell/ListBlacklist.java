package org.rp.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rp.api.guard.Blacklist;

@Service
@Command(scope = "rp", name = "blacklist-list", description = "Lists the blocked addresses and ranges: static"
        + " ones (etc/rp.blacklist.cfg), manual ones and automatic ones (too many suspicious requests), with until"
        + " when and why.")
public class ListBlacklist extends BlacklistCommand {
    @Override
    void run() {
        ShellTable table = new ShellTable();
        table.column("range");
        table.column("until");
        table.column("reason");
        for (Blacklist.Entry entry : blacklist.entries()) {
            table.addRow().addContent(entry.range(), entry.until() == null ? "removed by hand" : entry.until(),
                    entry.reason());
        }
        table.print(System.out);
    }
}
