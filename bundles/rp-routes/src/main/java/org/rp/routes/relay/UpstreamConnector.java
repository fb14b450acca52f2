package org.rp.routes.relay;

import java.net.Inet4Address;
import java.net.InetSocketAddress;

import javax.net.ssl.SSLParameters;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
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
        return tlsTowards(rule.target(), client.pipeline().get(SslHandler.class) != null);
    }

    /** Whether rp speaks TLS to a target for a client that spoke TLS to rp ({@code clientOverTls}) or not. */
    public static boolean tlsTowards(Target target, boolean clientOverTls) {
        switch (target.transport()) {
            case TLS:
                return true;
            case TCP:
                return false;
            default:
                return clientOverTls;
        }
    }

    /** @return the connect future; when it succeeds the PROXY header (if any) has already been written */
    ChannelFuture connect(Channel client, Rule rule, ChannelHandler handler) {
        Target target = rule.target();
        boolean overTls = tlsTowards(rule, client);
        int port = overTls ? target.tlsPort() : target.port();
        ChannelFuture connected = bootstrap(client.eventLoop(),
                client instanceof EpollSocketChannel ? EpollSocketChannel.class : NioSocketChannel.class,
                CONNECT_TIMEOUT_MS, handler).connect(InetSocketAddress.createUnresolved(target.host(), port));
        if (rule.proxyProtocol() != ProxyProtocol.NONE || overTls) {
            // added before the caller's listener, so the header and the handshake precede every relayed byte; the
            // PROXY header goes in clear, before TLS starts
            connected.addListener(f -> {
                if (f.isSuccess()) {
                    if (rule.proxyProtocol() != ProxyProtocol.NONE) {
                        sendProxyHeader(connected.channel(), proxyHeader(client, rule.proxyProtocol()));
                    }
                    if (overTls) {
                        try {
                            startTls(connected.channel(), target, port, CONNECT_TIMEOUT_MS);
                        } catch (RuntimeException e) {
                            LOG.warn("No TLS towards {}:{}: {}", target.host(), port, e.getMessage());
                            connected.channel().close();
                        }
                    }
                }
            });
        }
        return connected;
    }

    /**
     * Opens the leg to a target the way a relay would, with no client behind it: a PROXY protocol health-check
     * header first when the rule sends PROXY headers (v2 {@code LOCAL}, v1 {@code UNKNOWN}), then, over TLS, the
     * handshake with the same verification and client certificate.
     *
     * @return completes with the open channel once connected (TCP) or after the handshake (TLS); the caller closes it
     */
    public Future<Channel> probe(EventLoop loop, Target target, ProxyProtocol proxyProtocol, boolean overTls,
                                 int timeoutMs) {
        int port = overTls ? target.tlsPort() : target.port();
        Promise<Channel> ready = loop.newPromise();
        ChannelFuture connected = bootstrap(loop,
                loop.parent() instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class,
                timeoutMs, new ChannelInboundHandlerAdapter())
                .connect(InetSocketAddress.createUnresolved(target.host(), port));
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                ready.tryFailure(f.cause());
                return;
            }
            Channel upstream = connected.channel();
            if (proxyProtocol != ProxyProtocol.NONE) {
                sendProxyHeader(upstream, healthCheckHeader(proxyProtocol));
            }
            if (!overTls) {
                ready.trySuccess(upstream);
                return;
            }
            try {
                startTls(upstream, target, port, timeoutMs).handshakeFuture().addListener(h -> {
                    if (h.isSuccess()) {
                        ready.trySuccess(upstream);
                    } else {
                        upstream.close();
                        ready.tryFailure(h.cause());
                    }
                });
            } catch (RuntimeException e) {
                upstream.close();
                ready.tryFailure(e);
            }
        });
        return ready;
    }

    private Bootstrap bootstrap(EventLoop loop, Class<? extends Channel> channelClass, int connectTimeoutMs,
                                ChannelHandler handler) {
        return new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .resolver(resolver)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(UpstreamPool.OWNER, handler);
                    }
                });
    }

    /** @throws RuntimeException when there is no context for the target (e.g. its client certificate is missing) */
    private SslHandler startTls(Channel upstream, Target target, int port, int handshakeTimeoutMs) {
        SslHandler handler = tls.client(target).newHandler(upstream.alloc(), target.host(), port);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMs);
        if (target.verify()) {
            SSLParameters parameters = handler.engine().getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            handler.engine().setSSLParameters(parameters);
        }
        upstream.pipeline().addFirst("tls", handler);
        return handler;
    }

    private static HAProxyMessage proxyHeader(Channel client, ProxyProtocol version) {
        InetSocketAddress source = (InetSocketAddress) client.remoteAddress();
        InetSocketAddress destination = (InetSocketAddress) client.localAddress();
        boolean v4 = source.getAddress() instanceof Inet4Address && destination.getAddress() instanceof Inet4Address;
        return new HAProxyMessage(
                version == ProxyProtocol.V1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2,
                HAProxyCommand.PROXY, v4 ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
                hostAddress(source, v4), hostAddress(destination, v4), source.getPort(), destination.getPort());
    }

    /** What a proxy sends on a connection of its own: the receiver then uses the connection's real addresses. */
    private static HAProxyMessage healthCheckHeader(ProxyProtocol version) {
        return version == ProxyProtocol.V1
                ? new HAProxyMessage(HAProxyProtocolVersion.V1, HAProxyCommand.PROXY, HAProxyProxiedProtocol.UNKNOWN,
                        null, null, 0, 0)
                : new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.LOCAL, HAProxyProxiedProtocol.UNKNOWN,
                        null, null, 0, 0);
    }

    private static void sendProxyHeader(Channel upstream, HAProxyMessage header) {
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
