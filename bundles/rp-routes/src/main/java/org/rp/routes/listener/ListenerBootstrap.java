package org.rp.routes.listener;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.ThreadFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.ImmediateEventExecutor;
import org.apache.camel.CamelContext;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.NettyServerBootstrapConfiguration;
import org.apache.camel.component.netty.NettyServerBootstrapFactory;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Binds one listener's server socket for its Camel consumer. Camel's own factory always opens a dual-stack socket,
 * so {@code bind = 0.0.0.0} would also accept IPv6; here an IPv4 address gets an IPv4 socket and only {@code ::}
 * (or another IPv6 address) listens on IPv6. Accepted connections are set up only with the options rp needs.
 * Stopping closes the server socket and every connection accepted through it.
 */
final class ListenerBootstrap extends ServiceSupport implements NettyServerBootstrapFactory {
    private NettyServerBootstrapConfiguration configuration;
    private ChannelInitializer<Channel> initializer;
    private final ChannelGroup channels = new DefaultChannelGroup("rp-listener", ImmediateEventExecutor.INSTANCE);
    private final ListenerRuntime listener;

    ListenerBootstrap(ListenerRuntime listener) {
        this.listener = listener;
    }

    @Override
    public void init(CamelContext camelContext, NettyServerBootstrapConfiguration configuration,
                     ChannelInitializer<Channel> initializer) {
        this.configuration = configuration;
        this.initializer = initializer;
    }

    /** The event loops come from the configuration, so no thread factory is needed. */
    @Override
    public void init(ThreadFactory threadFactory, NettyServerBootstrapConfiguration configuration,
                     ChannelInitializer<Channel> initializer) {
        init((CamelContext) null, configuration, initializer);
    }

    @Override
    public void addChannel(Channel channel) {
        channels.add(channel);
    }

    @Override
    public void removeChannel(Channel channel) {
        channels.remove(channel);
    }

    /** A listener's socket belongs to one consumer; there is nothing to share. */
    @Override
    public void addConsumer(NettyConsumer consumer) {
    }

    @Override
    public void removeConsumer(NettyConsumer consumer) {
    }

    @Override
    protected void doStart() throws Exception {
        InetAddress address = InetAddress.getByName(configuration.getHost());
        InternetProtocolFamily family = address instanceof Inet4Address ? InternetProtocolFamily.IPv4
                : InternetProtocolFamily.IPv6;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(configuration.getBossGroup(), configuration.getWorkerGroup())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, configuration.getBacklog())
                .childOption(ChannelOption.TCP_NODELAY, true)
                // phones hold connections for hours: let the kernel notice peers that vanished
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(initializer);
        if (configuration.isNativeTransport()) {
            bootstrap.channelFactory(() -> new EpollServerSocketChannel(family));
        } else {
            bootstrap.channelFactory(() -> new NioServerSocketChannel(SelectorProvider.provider(), family));
        }
        Channel server = bootstrap.bind(new InetSocketAddress(address, configuration.getPort())).sync().channel();
        channels.add(server);
        listener.bound(server);
    }

    @Override
    protected void doStop() {
        listener.bound(null);
        channels.close().awaitUninterruptibly();
    }
}
