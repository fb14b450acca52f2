package org.rp.shell;

import org.apache.karaf.shell.api.action.Option;

/** A command that answers with a table. */
abstract class TableCommand extends SetupCommand {
    @Option(name = "--no-format", description = "print the table tab-separated and without header, for scripts")
    boolean noFormat;
}
