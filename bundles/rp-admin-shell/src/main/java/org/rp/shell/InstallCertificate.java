package org.rp.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Service
@Command(scope = "rp", name = "cert-install", description = "Installs the CA's answer to the pending signing"
        + " request of that name: the certificate and its issuers (PEM, in any order). From then on it serves with"
        + " the request's key. Example: rp:cert-install pbx /tmp/pbx-answer.pem")
public class InstallCertificate extends NamedCertificateCommand {
    @Argument(index = 1, name = "file", required = true,
            description = "the CA's answer: PEM with the certificate and its issuers")
    @Completion(FileCompleter.class)
    String file;

    @Override
    void run() throws CommandException {
        print(store.install(name, read(file, "rp:cert-install " + name + " /tmp/" + name + "-answer.pem")));
    }
}
