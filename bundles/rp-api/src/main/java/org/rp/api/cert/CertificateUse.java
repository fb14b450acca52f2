package org.rp.api.cert;

import java.util.List;

/**
 * Where certificates are used: which TLS listeners present which certificate, and which names the rules served
 * there need that the certificate does not cover. Provided by the listeners' bundle, read by the shell and checks.
 */
@org.osgi.annotation.versioning.ProviderType
public interface CertificateUse {

    /** @return the names of the TLS listeners whose {@code certificate} is this one, sorted */
    List<String> listenersUsing(String certificate);

    /**
     * @return one line per name a rule serves on a TLS listener presenting this certificate that the certificate does
     *         not cover, e.g. {@code pbx.example.com (rule pbx-web on listener https)}; empty when all are covered
     */
    List<String> uncoveredNames(String certificate);
}
