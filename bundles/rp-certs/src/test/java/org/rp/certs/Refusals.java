package org.rp.certs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.rp.api.cert.CertificateProblem;
import org.rp.api.cert.CertificateStore;

/** Runs a request the store must refuse and checks that the refusal changed nothing, in memory or on disk. */
final class Refusals {
    private Refusals() {
    }

    /** @return the refusal's message, which must be one line */
    static String refusal(CertificateStore store, Path directory, Runnable request) {
        long revision = store.revision();
        Object listing = store.list();
        Object trusted = store.trusted();
        Map<String, String> files = files(directory);
        try {
            request.run();
        } catch (CertificateProblem e) {
            assertFalse("one line: " + e.getMessage(), e.getMessage().contains("\n"));
            assertEquals("revision after a refusal", revision, store.revision());
            assertEquals(listing, store.list());
            assertEquals(trusted, store.trusted());
            assertEquals("files after a refusal", files, files(directory));
            return e.getMessage();
        }
        fail("expected a refusal");
        return null;
    }

    /** Every file below the directory with its content. */
    static Map<String, String> files(Path directory) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(directory.relativize(path).toString(), Files.readString(path));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return files;
    }
}
