package org.rp.shell;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rp.api.cert.CertificateProblem;
import org.rp.api.cert.KeyType;

/** A command that makes a new key for names: a self-signed certificate or a signing request. */
abstract class NewKeyCommand extends NamedCertificateCommand {
    @Option(name = "--key", description = "kind of key: ec-p256 (the default: fast and secure), ec-p384, rsa2048,"
            + " rsa3072 or rsa4096; RSA below 2048 bits is broken and refused")
    @Completion(value = StringsCompleter.class, values = {"ec-p256", "ec-p384", "rsa2048", "rsa3072", "rsa4096"})
    String key;

    @Option(name = "--cn", description = "common name, e.g. pbx.example.com (also written as a DNS name or IP"
            + " address, where clients look); default: the store's default common name")
    String commonName;

    @Option(name = "--dns", multiValued = true, description = "a DNS name the certificate covers, e.g."
            + " pbx.example.com or *.example.com; repeat for more")
    List<String> dnsNames = new ArrayList<>();

    @Option(name = "--ip", multiValued = true, description = "an IP address the certificate covers, e.g."
            + " 203.0.113.10; repeat for more")
    List<String> ipAddresses = new ArrayList<>();

    KeyType keyType() throws CommandException {
        try {
            return KeyType.parse(key);
        } catch (CertificateProblem problem) {
            throw new CommandException("--key " + key + ": " + problem.getMessage());
        }
    }
}
