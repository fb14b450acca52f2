package org.rp.shell;

import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.rp.api.cert.CertificateInfo;

@Service
@Command(scope = "rp", name = "cert-trust", description = "Adds (or replaces) a trust anchor: a CA certificate"
        + " (PEM) that upstream certificates may chain to. With --list, shows the trust anchors instead;"
        + " rp:cert-untrust <name> removes one. Example: rp:cert-trust pbx-ca /tmp/pbx-ca.pem")
public class TrustCertificate extends CertificateCommand {
    private static final String EXAMPLE = "rp:cert-trust pbx-ca /tmp/pbx-ca.pem";

    @Argument(index = 0, name = "name", description = "name of the trust anchor, e.g. pbx-ca")
    @Completion(TrustAnchorNames.class)
    String name;

    @Argument(index = 1, name = "file", description = "the CA's certificate, PEM")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--list", description = "show the trust anchors")
    boolean list;

    @Override
    void run() throws CommandException {
        if (list) {
            if (name != null) {
                throw new CommandException("--list shows all trust anchors and takes no name or file; give"
                        + " rp:cert-trust --list");
            }
            printAnchors(store.trusted());
        } else if (file == null) {
            throw new CommandException("give the name and the CA's certificate file, e.g. " + EXAMPLE
                    + ", or --list to show the trust anchors");
        } else {
            CertificateText.printAnchor(System.out, store.trust(name, read(file, EXAMPLE)), Instant.now());
        }
    }

    private static void printAnchors(List<CertificateInfo> anchors) {
        if (anchors.isEmpty()) {
            System.out.println("no trust anchors");
        }
        Instant now = Instant.now();
        for (int i = 0; i < anchors.size(); i++) {
            if (i > 0) {
                System.out.println();
            }
            CertificateText.printAnchor(System.out, anchors.get(i), now);
        }
    }
}
