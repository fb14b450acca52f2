package org.rp.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Karaf distribution unpacked from its tar.gz and run as an operator runs it: {@code bin/karaf server} as a child
 * process, commands through {@code bin/client}, {@code bin/stop}. Its SSH and JMX ports are moved to free ones on
 * 127.0.0.1 and it has a shell user of its own, so that it runs beside anything else on the machine. Every wait is
 * bounded, and {@link #close} kills what is still running.
 */
final class KarafProcess implements AutoCloseable {
    private static final String USER = "karaf";
    /** A start takes about 10 s to its commands; a machine busy with other itests takes longer. */
    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final long COMMAND_LIMIT_SECONDS = 30;
    private static final long STOP_LIMIT_SECONDS = 60;

    private final Path home;
    private final Path console;
    private final int sshPort;
    private final List<Integer> ports;
    private Process process;

    private KarafProcess(Path home, int sshPort, int rmiRegistryPort, int rmiServerPort) {
        this.home = home;
        this.console = home.resolveSibling("karaf-console.out");
        this.sshPort = sshPort;
        this.ports = List.of(sshPort, rmiRegistryPort, rmiServerPort);
    }

    /** Unpacks the assembly into a new directory below {@code parent}, ready to start. */
    static KarafProcess unpack(Path assembly, Path parent) throws IOException {
        Files.createDirectories(parent);
        Path directory = Files.createTempDirectory(parent.toAbsolutePath(), "karaf-");
        Programs.Result tar = Programs.run(60, Map.of(), List.of("tar", "xzf", assembly.toString(), "-C",
                directory.toString()));
        if (tar.exitCode() != 0) {
            throw new AssertionError("tar xzf " + assembly + " failed (exit " + tar.exitCode() + "): " + tar.output());
        }
        Path home;
        try (Stream<Path> found = Files.find(directory, 3, (path, attributes) -> path.endsWith("bin/karaf"))) {
            home = found.findFirst().orElseThrow(() -> new AssertionError("no bin/karaf in " + assembly))
                    .getParent().getParent();
        }
        int sshPort = Etc.freePort();
        int rmiRegistryPort = Etc.freePort();
        int rmiServerPort = Etc.freePort();
        KarafProcess karaf = new KarafProcess(home, sshPort, rmiRegistryPort, rmiServerPort);
        karaf.set("org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1");
        karaf.set("org.apache.karaf.shell.cfg", "sshPort", String.valueOf(sshPort));
        karaf.set("org.apache.karaf.management.cfg", "rmiRegistryHost", "127.0.0.1");
        karaf.set("org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(rmiRegistryPort));
        karaf.set("org.apache.karaf.management.cfg", "rmiServerHost", "127.0.0.1");
        karaf.set("org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(rmiServerPort));
        // the distribution ships the admin group but no user
        karaf.set("users.properties", USER, USER + ",_g_:admingroup");
        return karaf;
    }

    Path etc() {
        return home.resolve("etc");
    }

    /** Sets {@code key = value} in a file of etc/, replacing the key's lines or adding one (and the file). */
    void set(String file, String key, String value) throws IOException {
        Path path = etc().resolve(file);
        List<String> lines = Files.exists(path) ? new ArrayList<>(Files.readAllLines(path)) : new ArrayList<>();
        Pattern keyLine = Pattern.compile("\\s*" + Pattern.quote(key) + "\\s*[=:].*");
        lines.removeIf(line -> keyLine.matcher(line).matches());
        lines.add(key + " = " + value);
        Files.write(path, lines);
    }

    /** Starts {@code bin/karaf server} and waits until its SSH port accepts connections. */
    void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(Redirect.appendTo(console.toFile()));
        builder.environment().putAll(environment());
        // bin/karaf runs Java as its child unless told to exec it: so the process is Karaf's JVM, and killing it
        // leaves nothing behind
        builder.environment().put("KARAF_EXEC", "exec");
        process = builder.start();
        Etc.await("Karaf's SSH port " + sshPort, START_LIMIT, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("Karaf ended with " + process.exitValue() + "; see " + console + " and "
                        + home.resolve("data/log/karaf.log"));
            }
            return accepts(sshPort);
        });
    }

    /** @return what the command printed; fails if it failed */
    String execute(String command) {
        Programs.Result result = client(command);
        if (!succeeded(result)) {
            throw new AssertionError(command + " failed (exit " + result.exitCode() + "):\n" + result.output());
        }
        return result.output();
    }

    /**
     * Runs the command until it succeeds: after a start, a command exists once its bundle has the services it
     * needs.
     *
     * @return what it printed
     */
    String awaitSuccess(String command) {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        Programs.Result result = client(command);
        while (!succeeded(result)) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError(command + " did not succeed within " + START_LIMIT + " of the start; last"
                        + " (exit " + result.exitCode() + "):\n" + result.output());
            }
            Etc.sleep(1000);
            result = client(command);
        }
        return result.output();
    }

    /** Stops Karaf with {@code bin/stop}, waits for its JVM to end and checks that it left its ports free. */
    void stop() throws InterruptedException {
        Programs.Result stop = Programs.run(COMMAND_LIMIT_SECONDS, environment(),
                List.of(home.resolve("bin/stop").toString()));
        if (stop.exitCode() != 0) {
            throw new AssertionError("bin/stop failed (exit " + stop.exitCode() + "): " + stop.output());
        }
        if (!process.waitFor(STOP_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("Karaf still runs " + STOP_LIMIT_SECONDS + " s after bin/stop");
        }
        for (int port : ports) {
            if (!isFree(port)) {
                throw new AssertionError("port " + port + " is still taken after Karaf ended");
            }
        }
    }

    /** Kills Karaf if it still runs, whatever happened before. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** @return whether nothing listens on the port on 127.0.0.1 (connections closing there do not count) */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs one command line through {@code bin/client}. The client copies its standard input into the session and
     * ends the session when that input ends, before the command has run: so the input stays open until it exits.
     */
    private Programs.Result client(String command) {
        Path output = home.resolveSibling("client.out");
        try {
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/client").toString(), "-a",
                    String.valueOf(sshPort), "-h", "127.0.0.1", "-u", USER, "-p", USER, "-r", "10", "-d", "1", command)
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment());
            Process client = builder.start();
            try {
                if (!client.waitFor(COMMAND_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    client.destroyForcibly();
                    throw new AssertionError(command + " did not end within " + COMMAND_LIMIT_SECONDS + " s:\n"
                            + Programs.read(output));
                }
            } finally {
                client.getOutputStream().close();
            }
            return new Programs.Result(client.exitValue(), Programs.read(output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Karaf prints a failed command's message and the client exits with 1; the text is checked as well. */
    private static boolean succeeded(Programs.Result result) {
        return result.exitCode() == 0 && !result.output().contains("Error executing command");
    }

    private static Map<String, String> environment() {
        return Map.of("JAVA_HOME", System.getProperty("java.home"));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
