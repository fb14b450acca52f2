package org.rp.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "rp", name = "cert-untrust", description = "Removes a trust anchor that rp:cert-trust added;"
        + " upstream certificates that chain only to it are no longer accepted. Example: rp:cert-untrust pbx-ca")
public class UntrustCertificate extends CertificateCommand {
    @Argument(index = 0, name = "name", required = true, description = "name of the trust anchor, e.g. pbx-ca")
    @Completion(TrustAnchorNames.class)
    String name;

    @Override
    void run() {
        store.untrust(name);
        System.out.println("No longer trusting '" + name + "'");
    }
}
