package org.rp.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.core.osgi.OsgiCamelContextPublisher;
import org.apache.camel.core.osgi.OsgiDefaultCamelContext;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * rp's CamelContext, published as an OSGi service so that {@code camel:route-list} and JMX see the listener
 * routes. It is started before any route is added: routes added to a not-yet-started OsgiDefaultCamelContext
 * are never started.
 */
@Component(service = RpCamelContext.class)
public class RpCamelContext {
    private final OsgiDefaultCamelContext context;

    @Activate
    public RpCamelContext(BundleContext bundleContext) {
        context = new OsgiDefaultCamelContext(bundleContext);
        context.setName("rp");
        context.getManagementStrategy().addEventNotifier(new OsgiCamelContextPublisher(bundleContext));
        context.start();
    }

    @Deactivate
    void stop() {
        context.stop();
    }

    public CamelContext camel() {
        return context;
    }
}
