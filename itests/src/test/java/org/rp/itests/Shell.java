package org.rp.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.ShellUtil;

/** Karaf console commands run as an operator types them, each in a new session as {@code bin/client} does. */
final class Shell {
    /** Karaf colours error messages; the tests compare the text. */
    private static final String ANSI_ESCAPE = "\u001B\\[[0-9;]*m";

    private final SessionFactory sessions;

    Shell(SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Runs a command line; fails the test if the command fails. */
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
     * Runs a command line that must fail with one line.
     *
     * @return what Karaf's console prints for the failure, without colours
     */
    String refused(String commandLine) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Session session = session(out);
        try {
            session.execute(commandLine);
            fail(commandLine + " succeeded: " + text(out));
        } catch (Exception e) {
            assertTrue(commandLine + " failed with " + e, e instanceof CommandException);
            ShellUtil.logException(session, e);
        } finally {
            session.close();
        }
        String printed = text(out).replaceAll(ANSI_ESCAPE, "");
        assertTrue(commandLine + " printed not one line: " + printed, printed.endsWith("\n")
                && printed.indexOf('\n') == printed.length() - 1);
        return printed;
    }

    Session session(ByteArrayOutputStream out) {
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return sessions.create(new ByteArrayInputStream(new byte[0]), print, print);
    }

    private static String text(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8);
    }
}
