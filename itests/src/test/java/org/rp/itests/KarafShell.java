package org.rp.itests;

import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.ShellUtil;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** Commands as an operator types them: each in a new session of the container's shell, as {@code bin/client} does. */
final class KarafShell {
    private static final String ANSI_ESCAPE = "\u001B\\[[0-9;]*m";

    private final SessionFactory sessionFactory;

    KarafShell(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    /** Waits until the bundle that provides the commands has registered them all. */
    void awaitCommands(String what, List<String> names) {
        Etc.await(what, () -> names.stream()
                .allMatch(name -> sessionFactory.getRegistry().getCommand("rp", name) != null));
    }

    /** @return what the command printed; fails the test if the command fails */
    String execute(String commandLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Session session = session(out);
        try {
            session.execute(commandLine);
        } catch (Exception e) {
            throw new AssertionError(commandLine + " failed: " + e + "\n" + text(out), e);
        } finally {
            session.close();
        }
        return text(out);
    }

    /**
     * Runs a command line that must fail, and checks that the console says why in one line.
     *
     * @return what Karaf's console prints for the failure, without colours
     */
    String refused(String commandLine) {
        String printed = failing(commandLine);
        assertTrue(commandLine + " printed not one line: " + printed, printed.endsWith("\n")
                && printed.indexOf('\n') == printed.length() - 1);
        return printed;
    }

    /** @return what a command that must fail printed, its failure last, without colours */
    String failing(String commandLine) {
        return run(commandLine, true);
    }

    /** @return what a command printed, its failure last if it failed, without colours */
    String printed(String commandLine) {
        return run(commandLine, null);
    }

    /** @param mustFail whether the command must fail, or null for either */
    private String run(String commandLine, Boolean mustFail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Session session = session(out);
        try {
            session.execute(commandLine);
            assertTrue(commandLine + " succeeded: " + text(out), mustFail != Boolean.TRUE);
        } catch (Exception e) {
            assertTrue(commandLine + " failed with " + e, e instanceof CommandException && mustFail != Boolean.FALSE);
            ShellUtil.logException(session, e);
        } finally {
            session.close();
        }
        return text(out).replaceAll(ANSI_ESCAPE, "");
    }

    /** @return the candidates the console offers for the last word, after the words before it */
    List<String> complete(String... words) {
        Session session = session(new ByteArrayOutputStream());
        try {
            // a console session has Karaf's file completer; a session without terminal has not
            session.getRegistry().register(new FileCompleter());
            List<String> candidates = new ArrayList<>();
            sessionFactory.getRegistry().getCommand("rp", words[0].substring("rp:".length())).getCompleter(false)
                    .complete(session, new TypedLine(words), candidates);
            return candidates.stream().map(String::trim).sorted().toList();
        } finally {
            session.close();
        }
    }

    private Session session(ByteArrayOutputStream out) {
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return sessionFactory.create(new ByteArrayInputStream(new byte[0]), print, print);
    }

    private static String text(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A command line as the console hands it to a completer: the cursor at the end of the last word. */
    private record TypedLine(String... words) implements CommandLine {
        @Override
        public int getCursorArgumentIndex() {
            return words.length - 1;
        }

        @Override
        public String getCursorArgument() {
            return words[words.length - 1];
        }

        @Override
        public int getArgumentPosition() {
            return getCursorArgument().length();
        }

        @Override
        public String[] getArguments() {
            return words;
        }

        @Override
        public int getBufferPosition() {
            return getBuffer().length();
        }

        @Override
        public String getBuffer() {
            return String.join(" ", words);
        }
    }
}
