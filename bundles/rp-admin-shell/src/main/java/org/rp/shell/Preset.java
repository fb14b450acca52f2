package org.rp.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Service
@Command(scope = "rp", name = "preset", description = "Adds the rules a PBX or an App Platform needs, for the"
        + " standard listeners (rp:listener-add --standard-ports). pbx: pbx-web (myApps: /PBX0/APPCLIENT/,"
        + " /PBX0/APPS/ with its WebSocket, /PBX0/session, /OAUTH2/oauth2_login; to ports 80 and 443), pbx-ldap"
        + " (389, 636), pbx-h323 (phones registering with the dns-name as gatekeeper identifier, and calls to"
        + " user@dns-name; 1720, 1300), with --sip also pbx-sip (5060, 5061). ap: ap-web, the whole host (80, 443)."
        + " A rule of that name that exists with other settings is refused, and nothing is written. Example:"
        + " rp:preset pbx pbx.example.com 192.168.0.10 --sip")
public class Preset extends TableCommand {
    private static final String EXAMPLE = "rp:preset pbx pbx.example.com 192.168.0.10 --sip";

    @Option(name = "--sip", description = "pbx: also allow SIP phones (over TCP and TLS)")
    boolean sip;

    @Argument(index = 0, name = "pbx|ap", required = true, description = "what stands behind rp")
    @Completion(value = StringsCompleter.class, values = {"pbx", "ap"})
    String kind;

    @Argument(index = 1, name = "dns-name", required = true, description = "its public name, e.g. pbx.example.com")
    String dnsName;

    @Argument(index = 2, name = "address", required = true, description = "where rp reaches it, e.g. 192.168.0.10")
    String address;

    /** Karaf reads options only before the first argument; the usual order puts --sip last. */
    @Argument(index = 3, name = "--sip", description = "--sip, after the address")
    String trailing;

    @Override
    void run() throws CommandException {
        if (trailing != null) {
            if (!trailing.equals("--sip")) {
                throw new CommandException("after the address only --sip may follow, e.g. " + EXAMPLE);
            }
            sip = true;
        }
        if (kind.equals("pbx")) {
            EntryKind.RULE.print(setup.presetPbx(dnsName, address, sip), !noFormat);
        } else if (!kind.equals("ap")) {
            throw new CommandException("preset '" + kind + "' is unknown: give pbx or ap, e.g. " + EXAMPLE);
        } else if (sip) {
            throw new CommandException("--sip belongs to the pbx preset; an App Platform has no SIP, e.g."
                    + " rp:preset ap apps.example.com 192.168.0.11");
        } else {
            EntryKind.RULE.print(setup.presetAp(dnsName, address), !noFormat);
        }
    }
}
