package org.rp.routes;

import java.net.InetSocketAddress;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rp.routes.relay.UpstreamConnector;
import org.rp.routes.tls.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loops all listeners share (one per core, for accepting and I/O) and the non-blocking resolver of
 * upstream names. Native epoll when it loads, NIO otherwise; the log says which.
 */
@Component(service = EventLoops.class)
public class EventLoops {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);

    private final boolean epoll;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final AddressResolverGroup<InetSocketAddress> resolver;
    private final UpstreamConnector upstreams;

    @Activate
    public EventLoops(@Reference TlsContexts tls) {
        int threads = Runtime.getRuntime().availableProcessors();
        epoll = Epoll.isAvailable();
        // one group accepts and serves: an accepted connection is then often registered on the loop that accepted
        // it, without waking another thread (measured: one eventfd write and one epoll wait less per connection)
        workers = epoll ? new EpollEventLoopGroup(threads, new DefaultThreadFactory("rp-io", true))
                : new NioEventLoopGroup(threads, new DefaultThreadFactory("rp-io", true));
        boss = workers;
        resolver = new DnsAddressResolverGroup(new DnsNameResolverBuilder()
                .datagramChannelType(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class));
        upstreams = new UpstreamConnector(resolver, tls);
        LOG.info("Network transport: {} with {} I/O threads", epoll ? "native epoll" : "NIO (epoll unavailable: "
                + Epoll.unavailabilityCause() + ")", threads);
    }

    @Deactivate
    void close() {
        resolver.close();
        workers.shutdownGracefully();
    }

    public boolean epoll() {
        return epoll;
    }

    public EventLoopGroup boss() {
        return boss;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public UpstreamConnector upstreams() {
        return upstreams;
    }
}
