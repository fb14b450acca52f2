package org.rp.routes;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.netty.NettyComponent;
import org.apache.camel.component.netty.NettyConfiguration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rp.api.route.RouteTable;
import org.rp.routes.config.ListenerSettings;
import org.rp.routes.guard.BlacklistService;
import org.rp.routes.listener.ListenerEndpoint;
import org.rp.routes.listener.ListenerRuntime;
import org.rp.routes.listener.RouteProcessors;
import org.rp.routes.tls.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code etc/rp.listener~<name>.cfg}: a Camel route {@code listener-<name>} whose netty consumer accepts the
 * connections, sniffs their first message, and whose content-based router relays or rejects them. A change of
 * port or bind address rebinds (and so drops that listener's connections); any other change applies to the next
 * connection and leaves established ones alone. A listener whose socket cannot be bound (the port is taken) stays
 * configured without a route, says why ({@code rp:check}), and tries again at its next change.
 */
@Component(service = ListenerRoute.class, factory = ListenerRoute.FACTORY)
public class ListenerRoute {
    /** Instances are made by {@link RpConfigurations}, one per listener configuration. */
    static final String FACTORY = "rp.listener.route";
    /** The instance property that carries the listener's name. */
    static final String NAME = "rp.listener.name";
    private static final Logger LOG = LoggerFactory.getLogger(ListenerRoute.class);

    private final CamelContext camel;
    private final EventLoops loops;
    private final ListenerRuntime runtime;
    private final ListenerRegistry registry;
    private final ListenerStats stats;
    private ListenerEndpoint endpoint;

    @Activate
    public ListenerRoute(@Reference RpCamelContext camel, @Reference RouteTable routeTable,
                         @Reference Sniffers sniffers, @Reference EventLoops loops, @Reference TlsContexts tls,
                         @Reference ListenerRegistry registry, @Reference BlacklistService blacklist,
                         Map<String, Object> properties)
            throws Exception {
        this.camel = camel.camel();
        this.loops = loops;
        ListenerSettings settings = ListenerSettings.parse((String) properties.get(NAME), properties);
        this.runtime = new ListenerRuntime(settings, routeTable, sniffers, loops.upstreams(), tls, blacklist,
                registry.ruleCounters());
        this.registry = registry;
        startRouteOrNoteWhyNot();
        registry.add(runtime);
        stats = ListenerStats.register(runtime);
    }

    /**
     * Applies a changed configuration; a bad one is refused and the previous settings stay in force.
     *
     * @throws org.rp.routes.config.InvalidConfigurationException naming what is wrong
     */
    void update(Map<String, Object> properties) {
        ListenerSettings previous = runtime.settings();
        ListenerSettings next = ListenerSettings.parse(previous.name(), properties);
        runtime.settings(next);
        if (!next.sameSocket(previous) || runtime.bindFailure() != null) {
            stopRoute(previous);
            startRouteOrNoteWhyNot();
        } else {
            LOG.info("Listener {} updated: {}", next.name(), next);
        }
    }

    @Deactivate
    void deactivate() {
        registry.remove(runtime);
        if (stats != null) {
            stats.unregister();
        }
        stopRoute(runtime.settings());
    }

    public ListenerRuntime runtime() {
        return runtime;
    }

    public static String routeId(String listenerName) {
        return "listener-" + listenerName;
    }

    private void startRouteOrNoteWhyNot() {
        ListenerSettings settings = runtime.settings();
        try {
            startRoute(settings);
            runtime.bindFailure(null);
        } catch (Exception e) {
            String why = Failures.rootMessage(e);
            runtime.bindFailure(why);
            stopRoute(settings);
            LOG.error("Listener {} cannot listen on {}:{}: {}; it tries again when its configuration changes",
                    settings.name(), settings.bind(), settings.port(), why);
        }
    }

    private void startRoute(ListenerSettings settings) throws Exception {
        NettyComponent netty = camel.getComponent("netty", NettyComponent.class);
        NettyConfiguration config = netty.getConfiguration().copy();
        config.setProtocol("tcp");
        config.setHost(settings.bind());
        config.setPort(settings.port());
        config.setSync(false);
        config.setTextline(false);
        config.setBacklog(1024);
        config.setNativeTransport(loops.epoll());
        config.setBossGroup(loops.boss());
        config.setWorkerGroup(loops.workers());
        endpoint = ListenerEndpoint.create(netty, config, runtime);
        ListenerEndpoint from = endpoint;
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).routeId(routeId(settings.name()))
                        .process(RouteProcessors.DECIDE).id("decide")
                        .choice()
                            .when(RouteProcessors.RELAY).process(RouteProcessors.START_RELAY).id("relay")
                            .otherwise().process(RouteProcessors.REJECT).id("reject")
                        .end();
            }
        });
        LOG.info("Listener {} on {}:{} for {}", settings.name(), settings.bind(), settings.port(), settings.protocols());
    }

    /** Also after a failed start, which may leave the route added but not started. */
    private void stopRoute(ListenerSettings settings) {
        String id = routeId(settings.name());
        try {
            if (camel.getRoute(id) != null) {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            }
            if (endpoint != null) {
                camel.removeEndpoint(endpoint);
                endpoint = null;
            }
        } catch (Exception e) {
            LOG.warn("Listener {}: route {} did not stop cleanly: {}", settings.name(), id, e.getMessage());
        }
        LOG.info("Listener {} on {}:{} stopped ({})", settings.name(), settings.bind(), settings.port(),
                runtime.counters());
    }
}
