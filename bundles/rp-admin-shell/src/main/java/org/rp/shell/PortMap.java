package org.rp.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rp.api.admin.Setup.PortMapping;

@Service
@Command(scope = "rp", name = "portmap", description = "Prints what the NAT router or firewall must forward: per"
        + " listener, the public port clients use for its service and the address and port rp accepts it on (a"
        + " listener of several protocols: its own port). STUN/TURN is not rp's: it goes to the PBX.")
public class PortMap extends TableCommand {
    @Override
    void run() {
        List<PortMapping> mappings = setup.portMap();
        ShellTable table = new ShellTable().emptyTableText("no listeners");
        table.column("public port");
        table.column("service");
        table.column("rp address:port");
        table.column("listener");
        for (PortMapping mapping : mappings) {
            String address = mapping.rpAddress().contains(":") ? "[" + mapping.rpAddress() + "]" : mapping.rpAddress();
            table.addRow().addContent(mapping.publicPort() + "/tcp", mapping.service(),
                    address + ":" + mapping.rpPort(), mapping.listener());
        }
        table.print(System.out, !noFormat);
        System.out.println("STUN/TURN 3478 TCP and UDP: to the PBX, not to rp");
    }
}
