package org.rp.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.support.CommandException;
import org.rp.api.cert.CertificateInfo;
import org.rp.api.cert.CertificateStore;
import org.rp.api.cert.CertificateUse;

/** What every certificate command shares: the store, where certificates are used, and reading and writing PEM. */
abstract class CertificateCommand extends RefusingCommand {
    @Reference
    CertificateStore store;

    /** Where certificates are used; provided by rp-routes, and null while it is not running. */
    @Reference(optional = true)
    CertificateUse use;

    /** Prints a certificate the store answered with, and where it is used. */
    void print(CertificateInfo info) {
        CertificateText.printCertificate(System.out, info, use, Instant.now());
    }

    /**
     * @param example a whole command line that gives such a file, for the message when the file cannot be read
     * @return the file's content
     */
    static byte[] read(String file, String example) throws CommandException {
        Path path = Path.of(file).toAbsolutePath();
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CommandException("file " + path + " does not exist; give the path of the file, e.g. " + example);
        } catch (IOException e) {
            throw new CommandException("file " + path + " cannot be read (" + e + "); give a file rp may read, e.g. "
                    + example);
        }
    }

    /**
     * Prints the PEM text that {@code make} returns, or writes it to the file {@code out} and says so. An
     * {@code out} that cannot be written is refused before {@code make} runs, so that it changes nothing.
     *
     * @param example an {@code --out} option for the message when {@code out} cannot be written
     * @param what    what the text is, e.g. "the chain of 'pbx'"
     * @return whether the text went to the file
     */
    static boolean printOrWrite(String out, String example, Supplier<String> make, String what)
            throws CommandException {
        if (out == null) {
            System.out.print(make.get());
            return false;
        }
        Path path = Path.of(out).toAbsolutePath();
        Path directory = path.getParent();
        if (Files.isDirectory(path) || directory == null || !Files.isDirectory(directory)
                || !Files.isWritable(directory) || (Files.exists(path) && !Files.isWritable(path))) {
            throw new CommandException("--out " + path + " cannot be written; give a file in an existing writable"
                    + " directory, e.g. " + example);
        }
        try {
            Files.writeString(path, make.get(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CommandException("--out " + path + " could not be written (" + e + ")");
        }
        System.out.println("Wrote " + what + " to " + path);
        return true;
    }
}
