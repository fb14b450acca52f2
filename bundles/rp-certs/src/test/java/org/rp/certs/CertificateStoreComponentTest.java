package org.rp.certs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.Locale;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rp.api.cert.CertificateProblem;

public class CertificateStoreComponentTest {
    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final String karafEtc = System.getProperty("karaf.etc");

    @After
    public void restoreKarafEtc() {
        if (karafEtc == null) {
            System.clearProperty("karaf.etc");
        } else {
            System.setProperty("karaf.etc", karafEtc);
        }
    }

    /** The configuration DS hands in when etc/rp.certs.cfg does not exist: the metatype's defaults. */
    private static CertificateStoreConfig defaults() {
        return new CertificateStoreConfig() {
            @Override
            public String directory() {
                return "${karaf.etc}/rp-certs";
            }

            @Override
            public String default_common_name() {
                return "";
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return CertificateStoreConfig.class;
            }
        };
    }

    @Test
    public void defaultsPutTheStoreInKarafsEtcWithTheHostNameAsDefaultName() throws Exception {
        System.setProperty("karaf.etc", folder.getRoot().toString());
        CertificateStoreComponent store = new CertificateStoreComponent(defaults());
        assertTrue(Files.exists(folder.getRoot().toPath().resolve("rp-certs/default.chain.pem")));
        assertEquals(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT),
                store.info("default").orElseThrow().commonName());
    }

    @Test
    public void expandsSystemProperties() {
        System.setProperty("karaf.etc", "/opt/rp/etc");
        assertEquals("/opt/rp/etc/rp-certs", CertificateStoreComponent.expandProperties("${karaf.etc}/rp-certs"));
        assertEquals("/srv/certs", CertificateStoreComponent.expandProperties("/srv/certs"));
        assertEquals("/opt/rp/etc/a/opt/rp/etc",
                CertificateStoreComponent.expandProperties("${karaf.etc}/a${karaf.etc}"));
        assertEquals("/x/${open", CertificateStoreComponent.expandProperties("/x/${open"));
    }

    @Test(expected = CertificateProblem.class)
    public void refusesUnsetProperty() {
        CertificateStoreComponent.expandProperties("${rp.no.such.property}/rp-certs");
    }
}
