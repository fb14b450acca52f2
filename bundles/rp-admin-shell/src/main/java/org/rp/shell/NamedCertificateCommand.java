package org.rp.shell;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/** A command about one of rp's own certificates, named by its first argument. */
abstract class NamedCertificateCommand extends CertificateCommand {
    @Argument(index = 0, name = "name", required = true,
            description = "certificate name in the store, e.g. default or pbx.example.com")
    @Completion(CertificateNames.class)
    String name;
}
