package org.rp.shell;

import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes the names of the listeners. */
@Service
public class ListenerNames extends EntryNameCompleter {
    @Override
    EntryKind kind() {
        return EntryKind.LISTENER;
    }
}
