package org.rp.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.rp.api.cert.CertificateStore;

@Service
@Command(scope = "rp", name = "cert-generate", description = "Makes a new key and a self-signed certificate for"
        + " it, replacing the certificate of that name (a pending signing request stays pending). Example:"
        + " rp:cert-generate --cn pbx.example.com --ip 203.0.113.10 pbx")
public class GenerateCertificate extends NewKeyCommand {
    @Option(name = "--days", description = "validity in days, 1 to 3650; default "
            + CertificateStore.DEFAULT_VALIDITY_DAYS + " (within the CA/Browser Forum's and Apple's limits)")
    int days = CertificateStore.DEFAULT_VALIDITY_DAYS;

    @Override
    void run() throws CommandException {
        print(store.generateSelfSigned(name, keyType(), commonName, dnsNames, ipAddresses, days));
    }
}
