package org.rp.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.rp.api.cert.KeyType;

@Service
@Command(scope = "rp", name = "cert-csr", description = "Makes a new key and a signing request (PKCS#10) for the"
        + " CA, and prints the request or writes it to a file. The key stays in rp; a certificate of that name keeps"
        + " serving until rp:cert-install brings the CA's answer. Example: rp:cert-csr --cn pbx.example.com"
        + " --dns pbx.example.com --ip 203.0.113.10 --out /tmp/pbx.csr pbx")
public class RequestCertificate extends NewKeyCommand {
    @Option(name = "--out", description = "write the request (PEM) to this file instead of printing it")
    @Completion(FileCompleter.class)
    String out;

    @Override
    void run() throws CommandException {
        KeyType type = keyType();
        if (printOrWrite(out, "--out /tmp/" + name + ".csr",
                () -> store.createCsr(name, type, commonName, dnsNames, ipAddresses),
                "the signing request for '" + name + "'")) {
            System.out.println("Next: have the CA sign it, then install its answer: rp:cert-install " + name
                    + " <file>");
        }
    }
}
