package org.rp.routes;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.Map;

import org.junit.Test;

public class RpConfigurationsTest {

    @Test
    public void recognisesBothSpellingsOfListenersAndRules() {
        assertEquals("rp.listener", RpConfigurations.kindOf("rp.listener~https", null));
        assertEquals("rp.listener", RpConfigurations.kindOf("rp.listener.5d1c-77", "rp.listener"));
        assertEquals("rp.rule", RpConfigurations.kindOf("rp.rule~pbx-web", null));
        assertEquals("rp.rule", RpConfigurations.kindOf("rp.rule~pbx-web", "rp.rule"));
        assertNull(RpConfigurations.kindOf("rp.listenerx", null));
        assertNull(RpConfigurations.kindOf("org.apache.karaf.shell", null));
    }

    @Test
    public void namesComeFromThePidOrTheFactoryFileName() {
        assertEquals("https", RpConfigurations.nameOf("rp.listener~https", Map.of()));
        assertEquals("pbx-web", RpConfigurations.nameOf("rp.rule.5d1c-77",
                Map.of("felix.fileinstall.filename", "file:/opt/rp/etc/rp.rule-pbx-web.cfg")));
        assertEquals("rp.rule.5d1c-77", RpConfigurations.nameOf("rp.rule.5d1c-77", Map.of()));
        // the file installer reads the dash as a factory alias: rp.rule~pbx-web.cfg becomes PID rp.rule~pbx~web
        assertEquals("pbx-web", RpConfigurations.nameOf("rp.rule~pbx~web",
                Map.of("felix.fileinstall.filename", "file:/opt/rp/etc/rp.rule~pbx-web.cfg")));
        assertEquals("ldap-tls", RpConfigurations.nameOf("rp.listener~ldap~tls",
                Map.of("felix.fileinstall.filename", "file:/opt/rp/etc/rp.listener~ldap-tls.cfg")));
    }
}
