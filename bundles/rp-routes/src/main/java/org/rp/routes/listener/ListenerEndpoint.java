package org.rp.routes.listener;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.component.netty.NettyComponent;
import org.apache.camel.component.netty.NettyConfiguration;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.NettyEndpoint;

/**
 * A Camel Netty endpoint whose consumer binds through {@link ListenerBootstrap} and builds each connection's
 * pipeline with the listener's {@link ListenerInitializer}.
 */
public final class ListenerEndpoint extends NettyEndpoint {
    private final ListenerInitializer initializer;
    private final ListenerBootstrap bootstrap;

    private ListenerEndpoint(String uri, NettyComponent component, NettyConfiguration configuration,
                             ListenerInitializer initializer, ListenerBootstrap bootstrap) {
        super(uri, component, configuration);
        this.initializer = initializer;
        this.bootstrap = bootstrap;
    }

    /** @param configuration host, port, event loops and transport already set; it is taken over */
    public static ListenerEndpoint create(NettyComponent component, NettyConfiguration configuration,
                                          ListenerRuntime listener) {
        ListenerBootstrap bootstrap = new ListenerBootstrap(listener);
        ListenerInitializer initializer = new ListenerInitializer(listener);
        configuration.setNettyServerBootstrapFactory(bootstrap);
        configuration.setServerInitializerFactory(initializer);
        String host = configuration.getHost().contains(":") ? "[" + configuration.getHost() + "]" : configuration.getHost();
        return new ListenerEndpoint("netty:tcp://" + host + ":" + configuration.getPort() + "?sync=false", component,
                configuration, initializer, bootstrap);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        NettyConsumer consumer = (NettyConsumer) super.createConsumer(processor);
        // a consumer with its own bootstrap factory leaves the pipeline to it
        bootstrap.init(getCamelContext(), getConfiguration(), initializer.createPipelineFactory(consumer));
        return consumer;
    }
}
