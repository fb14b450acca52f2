package org.rp.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rp.api.admin.Setup.RuleTest;

@Service
@Command(scope = "rp", name = "rule-test", description = "Asks the rules in force what they would do with a client"
        + " on a listener that sends this name (HTTP Host, TLS SNI, LDAP bind domain, H.323 gatekeeper identifier or"
        + " alias, SIP domain) and, on an HTTP listener, this path (normalised, as rp matches it; default /). Prints"
        + " 'allow <rule>' or 'reject <reason>', then why. Example: rp:rule-test http pbx.example.com /PBX0/APPS/")
public class TestRule extends SetupCommand {
    @Argument(index = 0, name = "listener", required = true, description = "the listener, e.g. https")
    @Completion(ListenerNames.class)
    String listener;

    @Argument(index = 1, name = "host", required = true, description = "the name the client sends, e.g."
            + " pbx.example.com")
    String host;

    @Argument(index = 2, name = "path", description = "HTTP: the request path, e.g. /PBX0/APPS/")
    String path;

    @Override
    void run() {
        RuleTest test = setup.testRule(listener, host, path);
        System.out.println(test.allowed() ? "allow " + test.rule() : "reject " + test.reason());
        System.out.println("  " + test.explanation());
    }
}
