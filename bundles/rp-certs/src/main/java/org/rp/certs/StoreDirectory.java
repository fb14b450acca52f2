package org.rp.certs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.rp.api.cert.CertificateProblem;

/**
 * The store's files. Per name: {@code <name>.chain.pem} (0644), {@code <name>.key.pem} and
 * {@code <name>.pending-key.pem} (the pending request's key and the request; 0600); trust anchors in
 * {@code trust/<name>.pem}. The directories are 0700. Every file is written to {@code <file>.new} (created with
 * its final permissions, so a key is never readable by others, not even for a moment), synced, then renamed over
 * the old one, so that a reader or a crash sees the old or the new content, never a mix.
 */
final class StoreDirectory {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    private static final String CHAIN = ".chain.pem";
    private static final String KEY = ".key.pem";
    private static final String PENDING = ".pending-key.pem";
    private static final String STAGED = ".new";

    private final Path root;
    private final Path trust;

    /** Creates the directories if needed and makes them owner-only. */
    StoreDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.trust = this.root.resolve("trust");
        for (Path directory : new Path[]{this.root, trust}) {
            try {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
                Files.setPosixFilePermissions(directory, DIRECTORY);
            } catch (IOException e) {
                throw new CertificateProblem("cannot create the certificate directory " + directory + " (" + e
                        + "); let rp write there or configure another directory in etc/rp.certs.cfg", e);
            }
        }
    }

    Path root() {
        return root;
    }

    /** @throws CertificateProblem unless the name is {@code [a-z0-9][a-z0-9._-]{0,63}} */
    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new CertificateProblem("name '" + name + "' is not allowed; use 1 to 64 lower-case letters, digits,"
                    + " '.', '_' or '-', starting with a letter or digit (e.g. default, pbx.example.com)");
        }
        return name;
    }

    static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    Path chainFile(String name) {
        return root.resolve(name + CHAIN);
    }

    Path keyFile(String name) {
        return root.resolve(name + KEY);
    }

    /** A new key written before its chain; renamed to the key file once the chain is in place. */
    Path stagedKeyFile(String name) {
        return staged(keyFile(name));
    }

    Path pendingFile(String name) {
        return root.resolve(name + PENDING);
    }

    Path trustFile(String name) {
        return trust.resolve(name + ".pem");
    }

    /** @return names that have a chain or a pending request */
    SortedSet<String> certificateNames() {
        SortedSet<String> names = namesIn(root, CHAIN);
        names.addAll(namesIn(root, PENDING));
        return names;
    }

    SortedSet<String> trustNames() {
        return namesIn(trust, ".pem");
    }

    byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CertificateProblem("cannot read " + file + " (" + e + "); check its owner and permissions", e);
        }
    }

    /** Keys written by hand may be readable by others; they are made owner-only before they are used. */
    void makeOwnerOnly(Path file) {
        try {
            if (!Files.getPosixFilePermissions(file).equals(SECRET)) {
                Files.setPosixFilePermissions(file, SECRET);
            }
        } catch (IOException e) {
            throw new CertificateProblem("cannot make " + file + " readable by its owner only (" + e
                    + "); fix its permissions (chmod 600)", e);
        }
    }

    void writePublic(Path file, String content) {
        commit(stage(file, content, PUBLIC), file);
    }

    void writeSecret(Path file, String content) {
        commit(stage(file, content, SECRET), file);
    }

    /** Writes an owner-only file beside {@code file} that {@link #commit} later renames onto it. */
    Path stageSecret(Path file, String content) {
        return stage(file, content, SECRET);
    }

    void commit(Path stagedFile, Path file) {
        try {
            Files.move(stagedFile, file, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(file.getParent());
        } catch (IOException e) {
            throw writeFailed(file, e);
        }
    }

    void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(staged(file));
        } catch (IOException e) {
            throw new CertificateProblem("cannot delete " + file + " (" + e + "); check the directory's owner and"
                    + " permissions", e);
        }
    }

    private Path stage(Path file, String content, Set<PosixFilePermission> permissions) {
        Path stagedFile = staged(file);
        try {
            Files.deleteIfExists(stagedFile);
            try (FileChannel channel = FileChannel.open(stagedFile,
                    EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(permissions))) {
                // the umask can only have narrowed the mode given at creation; public files must be readable
                Files.setPosixFilePermissions(stagedFile, permissions);
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            return stagedFile;
        } catch (IOException e) {
            throw writeFailed(file, e);
        }
    }

    private CertificateProblem writeFailed(Path file, IOException e) {
        return new CertificateProblem("cannot write " + file + " (" + e + "); check that rp may write to " + root
                + " and that the disk has room", e);
    }

    /** So that a rename survives a power loss; where directories cannot be synced, the rename stands anyway. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be opened; the rename itself is done
        }
    }

    private static Path staged(Path file) {
        return file.resolveSibling(file.getFileName() + STAGED);
    }

    private static SortedSet<String> namesIn(Path directory, String suffix) {
        SortedSet<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(suffix))
                    .map(file -> file.substring(0, file.length() - suffix.length()))
                    .filter(StoreDirectory::isName)
                    .forEach(names::add);
        } catch (IOException e) {
            throw new CertificateProblem("cannot list " + directory + " (" + e + "); check its owner and"
                    + " permissions", e);
        }
        return names;
    }
}
