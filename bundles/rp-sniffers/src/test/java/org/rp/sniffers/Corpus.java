package org.rp.sniffers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The shared first-message corpus ({@code ../shared/conformance}: {@code index.tsv} and {@code corpus/}), found
 * through the system property {@code rp.conformance.dir} that surefire sets. A missing corpus is an error, not a
 * reason to skip: sniffer tests without real bytes prove little.
 */
public final class Corpus {
    public static final String DIR_PROPERTY = "rp.conformance.dir";

    /** One row of {@code index.tsv}. */
    public static final class Sample {
        private final Path dir;
        private final String file;
        private final String protocol;
        private final String expected;
        private final Map<String, String> routingKeys;

        Sample(Path dir, String file, String protocol, String expected, Map<String, String> routingKeys) {
            this.dir = dir;
            this.file = file;
            this.protocol = protocol;
            this.expected = expected;
            this.routingKeys = routingKeys;
        }

        /** The path relative to the corpus directory, e.g. {@code corpus/http/lo_curl_get.bin}. */
        public String file() {
            return file;
        }

        public String protocol() {
            return protocol;
        }

        /** {@code route}, {@code reject(<why>)} or a policy choice such as {@code route|reject(bare-LF)}. */
        public String expected() {
            return expected;
        }

        /** The keys Wireshark's dissector found, e.g. {@code http.host}; a key without value maps to "". */
        public Map<String, String> routingKeys() {
            return routingKeys;
        }

        public byte[] bytes() {
            try {
                return Files.readAllBytes(dir.resolve(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private Corpus() {
    }

    /** @throws IllegalStateException if the property is unset or the directory has no {@code index.tsv} */
    public static Path dir() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null) {
            throw new IllegalStateException("system property " + DIR_PROPERTY + " is not set (run through Maven)");
        }
        Path path = Paths.get(dir);
        if (!Files.isRegularFile(path.resolve("index.tsv"))) {
            throw new IllegalStateException("no conformance corpus at " + path.toAbsolutePath()
                    + " (" + DIR_PROPERTY + ")");
        }
        return path;
    }

    public static List<Sample> samples() {
        Path dir = dir();
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve("index.tsv"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Sample> samples = new ArrayList<>();
        // the first line names the columns: file protocol oracle_port expected routing_keys ...
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            samples.add(new Sample(dir, columns[0], columns[1], columns[3], routingKeys(columns[4])));
        }
        return Collections.unmodifiableList(samples);
    }

    /** The samples whose protocol column is {@code protocol} (also usable as JUnit {@code Parameterized} data). */
    public static List<Sample> samplesOf(String protocol) {
        return samples().stream().filter(s -> s.protocol().equals(protocol)).collect(Collectors.toList());
    }

    /** The samples of every other protocol: bytes a sniffer for {@code protocol} must leave to the others. */
    public static List<Sample> samplesOtherThan(String protocol) {
        return samples().stream().filter(s -> !s.protocol().equals(protocol)).collect(Collectors.toList());
    }

    /** The bytes of every sample, the seeds for fuzzing. */
    public static List<byte[]> allBytes() {
        return samples().stream().map(Sample::bytes).collect(Collectors.toList());
    }

    private static Map<String, String> routingKeys(String column) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String pair : column.split(";")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                keys.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return Collections.unmodifiableMap(keys);
    }
}
