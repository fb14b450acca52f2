package org.rp.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rp.api.cert.CertificateInfo;
import org.rp.api.cert.CertificateStore;

/** Completes the names of rp's certificates and pending signing requests. */
@Service
public class CertificateNames extends StoreNameCompleter {
    @Override
    List<CertificateInfo> listed(CertificateStore store) {
        return store.list();
    }
}
