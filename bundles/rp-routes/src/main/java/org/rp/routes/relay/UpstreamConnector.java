package org.rp.routes.relay;

import java.net.Inet4Address;
import java.net.InetSocketAddress;

import javax.net.ssl.SSLParameters;

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
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.AddressResolverGroup;
import org.rp.api.route.ProxyProtocol;
import org.rp.api.route.Rule;
import org.rp.api.route.Target;
import org.rp.routes.tls.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the leg to a rule's target on the client's own event loop (no hand-over between threads), with the same
 * transport as the client channel, a non-blocking resolver for names, the PROXY protocol header first when the
 * rule asks for it, and TLS when the rule's {@code target.transport} (or, for {@code same}, the client's) says so:
 * verifying the upstream's certificate and name, sending SNI for names, presenting rp's client certificate.
 */
public final class UpstreamConnector {
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConnector.class);

    private final AddressResolverGroup<InetSocketAddress> resolver;
    private final TlsContexts tls;

    public UpstreamConnector(AddressResolverGroup<InetSocketAddress> resolver, TlsContexts tls) {
        this.resolver = resolver;
        this.tls = tls;
    }

    /** Whether rp speaks TLS to the rule's target from this client connection. */
    static boolean tlsTowards(Rule rule, Channel client) {
        switch (rule.target().transport()) {
            case TLS:
                return true;
            case TCP:
                return false;
            default:
                return client.pipeline().get(SslHandler.class) != null;
        }
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
        Target target = rule.target();
        boolean overTls = tlsTowards(rule, client);
        int port = overTls ? target.tlsPort() : target.port();
        ChannelFuture connected = bootstrap.connect(InetSocketAddress.createUnresolved(target.host(), port));
        if (rule.proxyProtocol() != ProxyProtocol.NONE || overTls) {
            // added before the caller's listener, so the header and the handshake precede every relayed byte; the
            // PROXY header goes in clear, before TLS starts
            connected.addListener(f -> {
                if (f.isSuccess()) {
                    if (rule.proxyProtocol() != ProxyProtocol.NONE) {
                        sendProxyHeader(connected.channel(), client, rule.proxyProtocol());
                    }
                    if (overTls) {
                        startTls(connected.channel(), target, port);
                    }
                }
            });
        }
        return connected;
    }

    private void startTls(Channel upstream, Target target, int port) {
        try {
            SslHandler handler = tls.client(target).newHandler(upstream.alloc(), target.host(), port);
            if (target.verify()) {
                SSLParameters parameters = handler.engine().getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                handler.engine().setSSLParameters(parameters);
            }
            upstream.pipeline().addFirst("tls", handler);
        } catch (RuntimeException e) {
            LOG.warn("No TLS towards {}:{}: {}", target.host(), port, e.getMessage());
            upstream.close();
        }
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
