package org.rp.shell;

import java.util.Map;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rp.api.admin.Operations;

@Service
@Command(scope = "rp", name = "stats", description = "Counters since start, per listener (accepted, relayed,"
        + " rejected by reason, bytes, active, closed by idle.timeout.s, sniff time p50/p99 in microseconds) and per"
        + " rule (relayed, active, bytes, refused by reason: paths it does not allow, failed certificate checks, its"
        + " target unreachable)."
        + " The same figures are JMX MBeans org.rp:type=listener,name=<listener> and org.rp:type=rule,name=<rule>.")
public class ShowStats implements Action {
    @Reference
    Operations operations;

    @Override
    public Object execute() {
        ShellTable listeners = new ShellTable();
        for (String column : new String[] {"listener", "accepted", "relayed", "active", "idle closed", "in", "out",
                "sniff p50 us", "sniff p99 us", "rejected"}) {
            listeners.column(column);
        }
        for (Operations.ListenerStats s : operations.listenerStats()) {
            listeners.addRow().addContent(s.listener(), s.accepted(), s.relayed(), s.active(), s.idleTimeouts(),
                    s.bytesIn(), s.bytesOut(), s.sniffMicrosP50(), s.sniffMicrosP99(), reasons(s.rejected()));
        }
        listeners.print(System.out);
        ShellTable rules = new ShellTable();
        for (String column : new String[] {"rule", "relayed", "active", "in", "out", "rejected"}) {
            rules.column(column);
        }
        for (Operations.RuleStats s : operations.ruleStats()) {
            rules.addRow().addContent(s.rule(), s.relayed(), s.active(), s.bytesIn(), s.bytesOut(),
                    reasons(s.rejected()));
        }
        System.out.println();
        rules.print(System.out);
        return null;
    }

    private static String reasons(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
