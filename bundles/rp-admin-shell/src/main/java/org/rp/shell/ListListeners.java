package org.rp.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "rp", name = "listener-list", description = "Lists the listeners, the files"
        + " etc/rp.listener~<name>.cfg: port, bind address, protocols, tls and any other setting, as key=value; an"
        + " empty cell is the default (bind 0.0.0.0, tls false). rp:portmap shows what the NAT router must forward"
        + " to them.")
public class ListListeners extends TableCommand {
    @Override
    void run() {
        EntryKind.LISTENER.print(setup.listeners(), !noFormat);
    }
}
