package org.rp.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rp.api.cert.CertificateInfo;

@Service
@Command(scope = "rp", name = "cert-list", description = "Lists rp's certificates and pending signing requests:"
        + " subject, names, key, issuer, validity, SHA-256 fingerprint, chain, the TLS listeners that use each, and"
        + " warnings for certificates that expire within 30 days or do not cover a name that a rule serves with them")
public class ListCertificates extends CertificateCommand {
    @Override
    void run() {
        List<CertificateInfo> certificates = store.list();
        if (certificates.isEmpty()) {
            System.out.println("no certificates");
        }
        for (int i = 0; i < certificates.size(); i++) {
            if (i > 0) {
                System.out.println();
            }
            print(certificates.get(i));
        }
    }
}
