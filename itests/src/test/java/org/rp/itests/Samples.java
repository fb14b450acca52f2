package org.rp.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/** Real first messages from the shared corpus ({@code ../shared/conformance/corpus}), by file name. */
final class Samples {
    private Samples() {
    }

    /** @param file relative to the corpus, e.g. {@code ldap/lo_ldapsearch_admin.bin} */
    static byte[] bytes(String file) {
        try {
            return Files.readAllBytes(Paths.get(System.getProperty(KarafConfig.CONFORMANCE_DIR), "corpus", file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
