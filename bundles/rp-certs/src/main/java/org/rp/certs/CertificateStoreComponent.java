package org.rp.certs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.rp.api.cert.CertificateProblem;
import org.rp.api.cert.CertificateStore;

/**
 * The store as a DS component configured by {@code rp.certs}. Immediate, so that the default certificate exists
 * from the first start on; a configuration change activates a new instance over the new directory.
 */
@Component(service = CertificateStore.class, immediate = true, configurationPid = CertificateStoreComponent.PID)
@Designate(ocd = CertificateStoreConfig.class)
public class CertificateStoreComponent extends FileCertificateStore {
    static final String PID = "rp.certs";

    @Activate
    public CertificateStoreComponent(CertificateStoreConfig config) {
        super(Path.of(expandProperties(config.directory())), config.default_common_name().isBlank()
                ? hostName() : config.default_common_name().trim());
    }

    /**
     * Replaces {@code ${property}} with the system property; Karaf does this for values in {@code etc/*.cfg}
     * files, but not for the default of the metatype.
     */
    static String expandProperties(String value) {
        StringBuilder expanded = new StringBuilder();
        int from = 0;
        for (int start = value.indexOf("${"); start >= 0; start = value.indexOf("${", from)) {
            int end = value.indexOf('}', start);
            if (end < 0) {
                break;
            }
            String property = value.substring(start + 2, end);
            String replacement = System.getProperty(property);
            if (replacement == null) {
                throw new CertificateProblem("rp.certs: directory = " + value + " names the system property "
                        + property + ", which is not set; set directory to an absolute path in etc/rp.certs.cfg");
            }
            expanded.append(value, from, start).append(replacement);
            from = end + 1;
        }
        return expanded.append(value.substring(from)).toString();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
