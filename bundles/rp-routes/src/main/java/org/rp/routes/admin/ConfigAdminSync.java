package org.rp.routes.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.Configuration.ConfigurationAttribute;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Hands a written file to ConfigAdmin at once, as Karaf's {@code config:} commands do, instead of leaving it to the
 * file installer's next scan. The installer writes every updated configuration back to its file: had it read an
 * older version of the file a moment before, it would write that older version over a newer one. And it deletes
 * the file of a deleted configuration, so a removal waits for that before the next file of the name is written.
 */
final class ConfigAdminSync implements ConfigSync {
    /** The installer's link from a configuration to its file, a {@code file:} URI. */
    private static final String FILENAME = "felix.fileinstall.filename";
    /** The installer deletes the file within milliseconds; this bounds the wait if it does not. */
    private static final long INSTALLER_DELETES_WITHIN_MS = 2000;
    /** It scans {@code etc/} every second ({@code felix.fileinstall.poll}); a slow scan gets as long again. */
    private static final long INSTALLER_READS_A_CHANGE_WITHIN_MS = 2000;

    private final ConfigurationAdmin configurationAdmin;

    ConfigAdminSync(ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
    }

    @Override
    public void written(Path file, String pid, Map<String, String> properties) {
        Hashtable<String, Object> dictionary = new Hashtable<>(properties);
        dictionary.put(FILENAME, uri(file));
        try {
            Configuration configuration = configurationOf(file);
            if (configuration == null) {
                // "?": bound to whichever bundle asks for it, as the installer's own configurations are
                configuration = configurationAdmin.getConfiguration(pid, "?");
            }
            if (configuration.getAttributes().contains(ConfigurationAttribute.READ_ONLY)) {
                // The installer marks a configuration read-only while its file cannot be written, and a file it read
                // just before a remove deleted it counts as such. The file is writable (ConfigFiles refuses to
                // replace one that is not), so that lock is stale: the installer would lift it on its next scan.
                configuration.removeAttributes(ConfigurationAttribute.READ_ONLY);
            }
            configuration.update(dictionary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot apply " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Map<String, String>> inForce(Path file) {
        try {
            Configuration configuration = configurationOf(file);
            Dictionary<String, Object> properties = configuration == null ? null : configuration.getProperties();
            if (properties == null) {
                return Optional.empty();
            }
            Map<String, String> keys = new TreeMap<>();
            for (Enumeration<String> names = properties.keys(); names.hasMoreElements(); ) {
                String key = names.nextElement();
                if (!ConfigFiles.isFrameworkKey(key)) {
                    Object value = properties.get(key);
                    // config:edit may store lists as arrays; the files write them comma-separated
                    keys.put(key, value instanceof String[] ? String.join(", ", (String[]) value) : String.valueOf(value));
                }
            }
            return Optional.of(keys);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the configuration of " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(Path file) {
        try {
            boolean installerMayNotHaveReadIt = Files.exists(file) && System.currentTimeMillis()
                    - Files.getLastModifiedTime(file).toMillis() < INSTALLER_READS_A_CHANGE_WITHIN_MS;
            Configuration configuration = configurationOf(file);
            if (configuration != null) {
                configuration.delete();
                awaitInstaller(INSTALLER_DELETES_WITHIN_MS, () -> !Files.exists(file));
            }
            Files.deleteIfExists(file);
            if (installerMayNotHaveReadIt) {
                // Its scan may read the file just before it went and apply it again, read-only as the file is gone,
                // deleting that only on its next scan: until then the removed listener or rule would be back.
                awaitInstaller(INSTALLER_READS_A_CHANGE_WITHIN_MS, () -> deleteIfPresent(configurationOf(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    private Configuration configurationOf(Path file) throws IOException {
        try {
            Configuration[] found = configurationAdmin.listConfigurations("(" + FILENAME + "="
                    + uri(file).replaceAll("([\\\\*()])", "\\\\$1") + ")");
            return found == null ? null : found[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the installer is awaited for; it may ask ConfigAdmin. */
    private interface InstallerStep {
        boolean done() throws IOException;
    }

    /** Until the step is done, at most {@code limitMs}, or until interrupted: what was done stands. */
    private static void awaitInstaller(long limitMs, InstallerStep step) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs);
        while (!step.done() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean deleteIfPresent(Configuration configuration) throws IOException {
        if (configuration != null) {
            configuration.delete();
        }
        return configuration != null;
    }

    /** As the installer spells it. */
    private static String uri(Path file) {
        return file.toFile().getAbsoluteFile().toURI().toString();
    }
}
