package org.rp.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * What the itests do as an operator would, from inside the container: write and delete configuration files in
 * Karaf's {@code etc/}, and wait for their effect.
 */
final class Etc {
    private Etc() {
    }

    static Path dir() {
        return Paths.get(System.getProperty("karaf.etc"));
    }

    /** The lines of {@code rp-access.log} so far (none before its first line). */
    static List<String> accessLog() {
        try {
            return Files.readAllLines(Paths.get(System.getProperty("karaf.log"), "rp-access.log"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fileinstall writes each configuration it applied back to its file, merged into what the file holds by then:
     * an edit landing between the apply and that write-back is undone. An operator does not edit one file twice
     * within seconds; the tests keep the same distance.
     */
    private static final Duration BETWEEN_EDITS_OF_ONE_FILE = Duration.ofSeconds(3);
    private static final Map<String, Long> lastEdit = new ConcurrentHashMap<>();

    /** Writes {@code etc/<pid>.cfg} the way an editor that saves atomically would. */
    static void write(String pid, String content) {
        awaitTurnToEdit(pid);
        try {
            Path temporary = dir().resolve(pid + ".tmp");
            Files.write(temporary, content.getBytes(StandardCharsets.UTF_8));
            Files.move(temporary, dir().resolve(pid + ".cfg"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(String pid) {
        awaitTurnToEdit(pid);
        try {
            Files.deleteIfExists(dir().resolve(pid + ".cfg"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitTurnToEdit(String pid) {
        Long previous = lastEdit.get(pid);
        if (previous != null) {
            sleep(Math.max(0, BETWEEN_EDITS_OF_ONE_FILE.toMillis() - (System.nanoTime() - previous) / 1_000_000));
        }
        lastEdit.put(pid, System.nanoTime());
    }

    /** A port free on 127.0.0.1 now, for listeners the test configures itself (in the container or beside it). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits at most 30 s for the condition: configuration changes apply within seconds. */
    static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(30), condition);
    }

    static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
