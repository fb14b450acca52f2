package org.rp.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

@Service
@Command(scope = "rp", name = "cert-generate", description = "Makes a new key and a self-signed certificate for"
        + " it, replacing the certificate of that name (a pending signing request stays pending). Example:"
        + " rp:cert-generate --cn pbx.example.com --ip 203.0.113.10 pbx")
public class GenerateCertificate extends NewKeyCommand {
    @Option(name = "--days", description = "validity in days, 1 to 3650; the default 825 is the most that Apple's"
            + " TLS clients accept")
    int days = 825;

    @Override
    void run() throws CommandException {
        print(store.generateSelfSigned(name, keyType(), commonName, dnsNames, ipAddresses, days));
    }
}
