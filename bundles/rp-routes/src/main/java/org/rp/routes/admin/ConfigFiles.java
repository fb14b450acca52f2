package org.rp.routes.admin;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import org.rp.api.admin.Setup.Entry;

/**
 * The configuration files of one kind in Karaf's {@code etc/}: {@code rp.listener~<name>.cfg} or
 * {@code rp.rule~<name>.cfg}. Every change is validated before a byte is written, each file is replaced in one
 * move, so the file installer never reads half a file, and then handed to {@link ConfigSync}. What a file holds is
 * read from its configuration when ConfigAdmin has one: a command right after another must build on the other's
 * result, which the file may not show yet.
 */
final class ConfigFiles {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** 10 ms apart: the file installer rewrites a file in one write. */
    private static final int EMPTY_FILE_READS = 20;
    /** Keys that ConfigAdmin, the file installer and DS own; the parsers skip them, so they are refused here. */
    private static final List<String> FRAMEWORK_KEY_PREFIXES = List.of("service.", "felix.", "component.", "osgi.",
            "rp.listener.name");

    private final Path etc;
    private final String kind;
    private final String example;
    private final BiConsumer<String, Map<String, String>> validator;
    private final ConfigSync sync;
    private final String header;

    /**
     * @param kind      {@code listener} or {@code rule}: the file prefix is {@code rp.<kind>}, and messages say it
     * @param example   the name and settings of a valid one, for messages
     * @param validator throws an {@link IllegalArgumentException} naming every key that is wrong
     * @param sync      told of every file written or to delete
     */
    ConfigFiles(Path etc, String kind, String example, BiConsumer<String, Map<String, String>> validator,
                ConfigSync sync) {
        this.etc = etc;
        this.kind = kind;
        this.example = example;
        this.validator = validator;
        this.sync = sync;
        this.header = "# Written by rp (rp:" + kind + "-add, rp:" + kind + "-set, rp:preset); the keys are described in"
                + " README.md";
    }

    synchronized List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        files().forEach((name, file) -> entries.add(new Entry(name, read(file))));
        return entries;
    }

    synchronized Optional<Entry> find(String name) {
        Path file = files().get(name);
        return file == null ? Optional.empty() : Optional.of(new Entry(name, read(file)));
    }

    /** Creates or replaces one with exactly these keys. */
    synchronized Entry put(String name, Map<String, String> properties) {
        Entry entry = validated(name, properties);
        write(entry);
        return entry;
    }

    /** Changes some keys of an existing one; an empty value removes the key. */
    synchronized Entry change(String name, Map<String, String> changes) {
        Entry existing = find(name).orElseThrow(() -> new IllegalArgumentException("there is no " + kind + " '"
                + name + "' (rp:" + kind + "-list shows them; make one like rp:" + kind + "-add " + example + ")"));
        Map<String, String> properties = new HashMap<>(existing.properties());
        changes.forEach((key, value) -> {
            if (value.isBlank()) {
                properties.remove(key);
            } else {
                properties.put(key, value);
            }
        });
        return put(name, properties);
    }

    /** @return whether there was one of that name */
    synchronized boolean remove(String name) {
        Path file = files().get(name);
        if (file == null) {
            return false;
        }
        requireWritable(file);
        sync.delete(file);
        return true;
    }

    /**
     * Creates a whole set, or nothing: every entry is validated and none may exist with other keys (one that exists
     * with the same keys is left as it is).
     */
    synchronized List<Entry> create(List<Entry> entries) {
        List<Entry> valid = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        for (Entry entry : entries) {
            Entry checked = validated(entry.name(), entry.properties());
            valid.add(checked);
            find(entry.name()).filter(existing -> !existing.properties().equals(checked.properties()))
                    .ifPresent(existing -> conflicts.add(existing.name()));
        }
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException((conflicts.size() == 1 ? kind + " " : kind + "s ")
                    + String.join(", ", conflicts) + (conflicts.size() == 1 ? " exists" : " exist")
                    + " with other settings; nothing was written (remove first: rp:" + kind + "-remove "
                    + conflicts.get(0) + ")");
        }
        for (Entry entry : valid) {
            if (find(entry.name()).isEmpty()) {
                write(entry);
            }
        }
        return valid;
    }

    private Entry validated(String name, Map<String, String> properties) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(kind + " name '" + name + "' is not allowed: up to 64 lower-case"
                    + " letters, digits, '.', '_' and '-', starting with a letter or digit (e.g. rp:" + kind
                    + "-add " + example + ")");
        }
        Map<String, String> trimmed = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (isFrameworkKey(key)) {
                throw new IllegalArgumentException(kind + " " + name + ": key " + key
                        + " belongs to ConfigAdmin, not to rp (the keys are in README.md)");
            }
            if (!value.isBlank()) {
                trimmed.put(key.trim(), value.trim());
            }
        });
        validator.accept(name, trimmed);
        return new Entry(name, trimmed);
    }

    static boolean isFrameworkKey(String key) {
        return FRAMEWORK_KEY_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /** By name; the {@code ~} spelling wins over the {@code -} of {@code config:edit --factory --alias}. */
    private Map<String, Path> files() {
        Map<String, Path> files = new TreeMap<>();
        String tilde = "rp." + kind + "~";
        String dash = "rp." + kind + "-";
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(etc, "rp." + kind + "?*.cfg")) {
            for (Path file : stream) {
                String base = file.getFileName().toString();
                // both prefixes have the same length
                String name = base.substring(tilde.length(), base.length() - ".cfg".length());
                if (!name.isEmpty() && (base.startsWith(tilde) || base.startsWith(dash) && !files.containsKey(name))) {
                    files.put(name, file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + etc + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** What ConfigAdmin has for the file, else the file itself. */
    private Map<String, String> read(Path file) {
        return sync.inForce(file).orElseGet(() -> readFile(file));
    }

    /**
     * The file installer writes every updated configuration back to its file, truncating it first; a file found
     * empty is read again a moment later rather than taken for one without keys.
     */
    private static Map<String, String> readFile(Path file) {
        try {
            for (int attempt = 0; attempt < EMPTY_FILE_READS && Files.size(file) == 0; attempt++) {
                Thread.sleep(10);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key).trim()));
        return map;
    }

    /** Into the file it came from, else {@code rp.<kind>~<name>.cfg}: written beside it, then moved over it. */
    private void write(Entry entry) {
        Path file = files().getOrDefault(entry.name(), etc.resolve("rp." + kind + "~" + entry.name() + ".cfg"));
        requireWritable(file);
        StringBuilder text = new StringBuilder(header).append('\n');
        new TreeMap<>(entry.properties()).forEach((key, value) ->
                text.append(key).append(" = ").append(escaped(value)).append('\n'));
        // the file installer reads *.cfg only
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.ISO_8859_1);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        sync.written(file, "rp." + kind + "~" + entry.name(), entry.properties());
    }

    /**
     * A file its owner made read-only locks its configuration, for the file installer too: the move that replaces a
     * file, or the removal, would otherwise pass over that, as they need only the directory to be writable.
     */
    private void requireWritable(Path file) {
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new IllegalArgumentException(file + " is read-only, which locks that " + kind
                    + "; nothing was changed (make the file writable to change it here)");
        }
    }

    /** A properties value that reads back as given: backslashes doubled, anything outside printable ASCII as \\u. */
    private static String escaped(String value) {
        StringBuilder s = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\') {
                s.append("\\\\");
            } else if (c < 0x20 || c > 0x7e) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
