package org.rp.shell;

import java.util.Arrays;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;

@Service
@Command(scope = "rp", name = "cert-import", description = "Imports a certificate with its private key, replacing"
        + " the certificate of that name: PEM with the chain and the key in any order (the key plain or encrypted),"
        + " or a PKCS#12 file (.p12, .pfx). Example: rp:cert-import default /tmp/pbx.pem --password secret"
        + " (the option may also come first, as Karaf writes it: rp:cert-import --password secret default /tmp/pbx.pem)")
public class ImportCertificate extends NamedCertificateCommand {
    @Argument(index = 1, name = "file", required = true,
            description = "PEM with the chain and the key, or PKCS#12")
    @Completion(FileCompleter.class)
    String file;

    /** Censored: Karaf keeps it out of the command history. */
    @Option(name = "--password", censor = true,
            description = "password of an encrypted key or of the PKCS#12 file")
    String password;

    /**
     * Karaf reads options only before the first argument; the configuration contract (and scripts) write
     * {@code rp:cert-import <name> <file> [--password P]}, so a trailing {@code --password P} arrives here.
     */
    @Argument(index = 2, name = "--password P", required = false, multiValued = true, censor = true,
            description = "the password, after the file, as the configuration contract writes it")
    java.util.List<String> trailing;

    @Override
    void run() throws CommandException {
        byte[] content = read(file, "rp:cert-import " + name + " /tmp/" + name + ".pem");
        if (trailing != null && !trailing.isEmpty()) {
            if (trailing.size() != 2 || !trailing.get(0).equals("--password") || password != null) {
                throw new CommandException("after the file only --password P may follow, e.g. rp:cert-import "
                        + name + " /tmp/" + name + ".pem --password secret");
            }
            password = trailing.get(1);
        }
        char[] secret = null;
        if (password != null) {
            maskInThreadName(password);
            secret = password.toCharArray();
        }
        try {
            print(store.importCertificate(name, content, secret));
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    /**
     * Gogo names the thread that runs a command after the command line, and every log line carries the thread's
     * name (the store logs each import), so the password is taken out of it; Gogo restores its own name after.
     */
    private static void maskInThreadName(String secret) {
        Thread thread = Thread.currentThread();
        thread.setName(thread.getName().replace(secret, "****"));
    }
}
