package org.rp.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(scope = "rp", name = "rule-add", description = "Adds a rule, a host rp relays and where to: writes"
        + " etc/rp.rule~<name>.cfg, in force for the next connection within about a second. Settings are key=value,"
        + " with the keys of the file. Example: rp:rule-add pbx-web host=pbx.example.com listeners=http,https"
        + " paths=/PBX0/APPS/,/PBX0/session target.host=192.168.0.10 target.port=80 target.tls.port=443",
        detailedDescription = "Keys: host (required: a DNS name, *.example.com, *, an IP address, a gatekeeper"
        + " identifier or alias), target.host and target.port (required: the upstream), listeners (default: all),"
        + " paths (HTTP: allowed path prefixes, default /), target.tls.port (default target.port), target.transport"
        + " (same, tcp or tls), target.verify (true), client.certificate, check.certificate (false),"
        + " forwarded.headers (true), proxy.protocol (none, v1 or v2). A value with spaces is quoted:"
        + " \"listeners=http, https\". rp:rule-set changes a rule, rp:rule-remove removes it, rp:preset adds the rules"
        + " of a PBX or App Platform.")
public class AddRule extends SetupCommand {
    @Argument(index = 0, name = "name", description = "the new rule's name, e.g. pbx-web")
    String name;

    @Argument(index = 1, name = "key=value", multiValued = true, description = "its settings, e.g."
            + " host=pbx.example.com target.host=192.168.0.10 target.port=80")
    List<String> settings;

    @Override
    void run() throws CommandException {
        EntryKind.RULE.add(setup, name, settings);
    }
}
