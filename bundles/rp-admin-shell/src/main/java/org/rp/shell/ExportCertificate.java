package org.rp.shell;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Service
@Command(scope = "rp", name = "cert-export", description = "Prints the certificate chain (PEM, leaf first) or"
        + " writes it to a file, for clients that should trust it; never the private key. Example:"
        + " rp:cert-export --out /tmp/pbx-chain.pem pbx")
public class ExportCertificate extends NamedCertificateCommand {
    @Option(name = "--out", description = "write the chain (PEM) to this file instead of printing it")
    @Completion(FileCompleter.class)
    String out;

    @Override
    void run() throws CommandException {
        printOrWrite(out, "--out /tmp/" + name + "-chain.pem", () -> store.exportChain(name),
                "the chain of '" + name + "'");
    }
}
