package org.rp.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "rp", name = "cert-remove", description = "Removes a certificate, its key and any pending signing"
        + " request of that name (the certificate default cannot be removed; replace it instead). Example:"
        + " rp:cert-remove old-pbx")
public class RemoveCertificate extends NamedCertificateCommand {
    @Override
    void run() {
        store.remove(name);
        System.out.println("Removed certificate '" + name + "'");
        if (use != null) {
            use.listenersUsing(name).forEach(listener -> System.out.println("  WARN listener " + listener
                    + " names it (certificate = " + name + " in etc/rp.listener~" + listener + ".cfg)"));
        }
    }
}
