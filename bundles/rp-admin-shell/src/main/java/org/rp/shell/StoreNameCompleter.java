package org.rp.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rp.api.cert.CertificateInfo;
import org.rp.api.cert.CertificateStore;

/** Completes the names of one of the store's lists, as they are at the moment of completion. */
abstract class StoreNameCompleter implements Completer {
    @Reference
    CertificateStore store;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names = listed(store).stream().map(CertificateInfo::name).toList();
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }

    abstract List<CertificateInfo> listed(CertificateStore store);
}
