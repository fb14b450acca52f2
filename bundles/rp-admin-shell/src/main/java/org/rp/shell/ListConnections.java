package org.rp.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rp.api.admin.Operations;

@Service
@Command(scope = "rp", name = "connections", description = "Lists the live client connections: id, client,"
        + " listener, protocol, routing key, rule, upstream, bytes from and to the client, age. Close one with"
        + " rp:connection-close <id>.")
public class ListConnections implements Action {
    @Reference
    Operations operations;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        for (String column : new String[] {"id", "client", "listener", "protocol", "key", "rule", "upstream", "in",
                "out", "age"}) {
            table.column(column);
        }
        for (Operations.Connection c : operations.connections()) {
            table.addRow().addContent(c.id(), c.client(), c.listener(), c.protocol(), c.key(), c.rule(), c.upstream(),
                    c.bytesIn(), c.bytesOut(), Durations.text(c.age()));
        }
        table.print(System.out);
        return null;
    }
}
