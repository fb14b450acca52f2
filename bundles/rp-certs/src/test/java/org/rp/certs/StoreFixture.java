package org.rp.certs;

import java.nio.file.Path;

import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

/** A fresh store over an empty directory for every test, whose first start made the default certificate. */
public abstract class StoreFixture {
    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    protected Path directory;
    protected FileCertificateStore store;

    @Before
    public void openStore() {
        directory = folder.getRoot().toPath().resolve("etc/rp-certs");
        store = new FileCertificateStore(directory, "rp.test.example");
    }

    /** @see Refusals#refusal */
    protected String refusal(Runnable request) {
        return Refusals.refusal(store, directory, request);
    }
}
