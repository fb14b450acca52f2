package org.rp.itests;

import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real client and server programs (slapd, ldapsearch, sipp, openssl) that the end-to-end itests start on 127.0.0.1.
 * {@code .ci/run} installs them from Debian's packages; a test whose program is missing is skipped with a message
 * naming the package.
 */
final class Programs {
    private static final List<String> PATH = List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin");

    private Programs() {
    }

    /** @return the program's path; skips the calling test if it is not installed */
    static String require(String program, String debianPackage) {
        for (String dir : PATH) {
            File file = new File(dir, program);
            if (file.canExecute()) {
                return file.getPath();
            }
        }
        assumeTrue(program + " is not installed: apt-get install " + debianPackage + " (.ci/run does)", false);
        throw new IllegalStateException("unreachable");
    }

    /** What a finished program returned and printed (stdout and stderr together). */
    record Result(int exitCode, String output) {
    }

    /** Runs a program to its end, killing it after {@code timeoutSeconds}. */
    static Result run(long timeoutSeconds, Map<String, String> environment, List<String> command) {
        try {
            Path output = Files.createTempFile("rp-it-", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(command + " did not end within " + timeoutSeconds + " s:\n" + read(output));
                }
                return new Result(process.exitValue(), read(output));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Starts a server program in the background, its output going to {@code log}. It runs under a small shell that
     * kills it when its standard input closes: on {@link #stop}, and also when the container's JVM ends in any way,
     * so that no server outlives the test run.
     */
    static Process start(Path log, Map<String, String> environment, List<String> command) throws IOException {
        List<String> watched = new java.util.ArrayList<>(List.of("sh", "-c",
                "\"$@\" & child=$!; read -r _; kill $child; wait $child", "sh"));
        watched.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(watched).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    static void stop(Process process) {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
