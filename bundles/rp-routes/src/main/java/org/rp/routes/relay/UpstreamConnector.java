package org.rp.routes.relay;

import java.net.Inet4Address;
import java.net.InetSocketAddress;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.resolver.AddressResolverGroup;
import org.rp.api.route.ProxyProtocol;
import org.rp.api.route.Rule;

/**
 * Opens the leg to a rule's target on the client's own event loop (no hand-over between threads), with the same
 * transport as the client channel, a non-blocking resolver for names, and the PROXY protocol header first when
 * the rule asks for it.
 */
public final class UpstreamConnector {
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final AddressResolverGroup<InetSocketAddress> resolver;

    public UpstreamConnector(AddressResolverGroup<InetSocketAddress> resolver) {
        this.resolver = resolver;
    }

    /** @return the connect future; when it succeeds the PROXY header (if any) has already been written */
    ChannelFuture connect(Channel client, Rule rule, ChannelHandler handler) {
        Bootstrap bootstrap = new Bootstrap()
                .group(client.eventLoop())
                .channel(client instanceof EpollSocketChannel ? EpollSocketChannel.class : NioSocketChannel.class)
                .resolver(resolver)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(UpstreamPool.OWNER, handler);
                    }
                });
        ChannelFuture connected = bootstrap.connect(
                InetSocketAddress.createUnresolved(rule.target().host(), rule.target().port()));
        if (rule.proxyProtocol() != ProxyProtocol.NONE) {
            // added before the caller's listener, so the header precedes every relayed byte
            connected.addListener(f -> {
                if (f.isSuccess()) {
                    sendProxyHeader(connected.channel(), client, rule.proxyProtocol());
                }
            });
        }
        return connected;
    }

    private static void sendProxyHeader(Channel upstream, Channel client, ProxyProtocol version) {
        InetSocketAddress source = (InetSocketAddress) client.remoteAddress();
        InetSocketAddress destination = (InetSocketAddress) client.localAddress();
        boolean v4 = source.getAddress() instanceof Inet4Address && destination.getAddress() instanceof Inet4Address;
        HAProxyMessage header = new HAProxyMessage(
                version == ProxyProtocol.V1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2,
                HAProxyCommand.PROXY, v4 ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
                hostAddress(source, v4), hostAddress(destination, v4), source.getPort(), destination.getPort());
        upstream.pipeline().addFirst(HAProxyMessageEncoder.INSTANCE);
        upstream.write(header);
        upstream.pipeline().remove(HAProxyMessageEncoder.INSTANCE);
    }

    /** Mixed families are sent as IPv6, with an IPv4 address in its IPv4-mapped form. */
    private static String hostAddress(InetSocketAddress address, boolean v4) {
        String ip = address.getAddress().getHostAddress();
        if (!v4 && address.getAddress() instanceof Inet4Address) {
            return "::ffff:" + ip;
        }
        int zone = ip.indexOf('%');
        return zone >= 0 ? ip.substring(0, zone) : ip;
    }
}
