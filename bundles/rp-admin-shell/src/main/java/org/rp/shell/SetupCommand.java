package org.rp.shell;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.rp.api.admin.Setup;

/** What every listener, rule, preset and port map command shares: the setup service. */
abstract class SetupCommand extends RefusingCommand {
    @Reference
    Setup setup;
}
