package org.rp.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.rp.api.admin.Setup.PortSet;

@Service
@Command(scope = "rp", name = "listener-add", description = "Adds a listener, a port rp accepts connections on:"
        + " writes etc/rp.listener~<name>.cfg, in force within about a second. Settings are key=value, with the keys"
        + " of the file. Example: rp:listener-add https port=443 protocols=http tls=true. With --standard-ports or"
        + " --shared-box-ports, adds the whole set http, https, ldap, ldaps, h323, h323-tls, sip, sip-tls instead"
        + " (refused, writing nothing, if one of them exists with other settings). Example:"
        + " rp:listener-add --standard-ports --bind 203.0.113.10",
        detailedDescription = "Keys: port (required), protocols (required: http, ldap, h323, sip, several separated"
        + " by commas, or tls for TLS pass-through by SNI), bind (default 0.0.0.0; :: for IPv6 and IPv4), tls (true:"
        + " terminate TLS), certificate (default: default), sniff.timeout.ms (5000), first.message.max.bytes (16384),"
        + " idle.timeout.s (3600), max.connections (10000), max.connections.per.source (100),"
        + " max.new.connections.per.second.per.source (0: no limit). A value with spaces is quoted:"
        + " \"protocols=http, ldap\". rp:listener-set changes a listener, rp:listener-remove removes it."
        + " Standard ports: 80, 443, 389, 636, 1720, 1300, 5060, 5061; shared-box ports (rp on the PBX's own box,"
        + " which holds the standard ports): 90, 453, 399, 646, 1730, 1310, 5070, 5071.")
public class AddListener extends SetupCommand {
    @Option(name = "--standard-ports", description = "add the standard set on the public ports")
    boolean standardPorts;

    @Option(name = "--shared-box-ports", description = "add the standard set on the ports rp takes beside a PBX")
    boolean sharedBoxPorts;

    @Option(name = "--bind", description = "with a standard set: the address its listeners bind, e.g. 203.0.113.10;"
            + " default 0.0.0.0")
    String bind;

    @Argument(index = 0, name = "name", description = "the new listener's name, e.g. https")
    String name;

    @Argument(index = 1, name = "key=value", multiValued = true, description = "its settings, e.g. port=443"
            + " protocols=http tls=true")
    List<String> settings;

    @Override
    void run() throws CommandException {
        if (!standardPorts && !sharedBoxPorts) {
            if (bind != null) {
                throw new CommandException("--bind goes with --standard-ports or --shared-box-ports; one listener"
                        + " takes bind=A, e.g. rp:listener-add https port=443 protocols=http tls=true bind=" + bind);
            }
            EntryKind.LISTENER.add(setup, name, settings);
        } else if (standardPorts && sharedBoxPorts) {
            throw new CommandException("give --standard-ports or --shared-box-ports, not both, e.g."
                    + " rp:listener-add --standard-ports");
        } else if (name != null) {
            throw new CommandException("a standard set names its listeners itself; give no name or settings, e.g."
                    + " rp:listener-add --standard-ports --bind 203.0.113.10");
        } else {
            EntryKind.LISTENER.print(setup.addStandardListeners(standardPorts ? PortSet.STANDARD
                    : PortSet.SHARED_BOX, bind), true);
        }
    }
}
