package org.rp.routes.listener;

import java.net.InetSocketAddress;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SniHandler;
import org.apache.camel.component.netty.NettyConsumer;
import org.apache.camel.component.netty.ServerInitializerFactory;
import org.apache.camel.component.netty.handlers.ServerChannelHandler;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.routes.config.ListenerSettings;

/**
 * The pipeline of an accepted connection: the sniff handler in front of Camel's handler. Camel's handler is
 * named {@value #CAMEL_HANDLER} so that the relay can take it out once the route has decided.
 */
public final class ListenerInitializer extends ServerInitializerFactory {
    public static final String CAMEL_HANDLER = "handler";

    private final ListenerRuntime listener;
    private final NettyConsumer consumer;

    public ListenerInitializer(ListenerRuntime listener) {
        this(listener, null);
    }

    private ListenerInitializer(ListenerRuntime listener, NettyConsumer consumer) {
        this.listener = listener;
        this.consumer = consumer;
    }

    @Override
    public ServerInitializerFactory createPipelineFactory(NettyConsumer consumer) {
        return new ListenerInitializer(listener, consumer);
    }

    @Override
    protected void initChannel(Channel ch) {
        // half-close is relayed (a client may finish sending and still wait for the answer)
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        InetSocketAddress client = (InetSocketAddress) ch.remoteAddress();
        ConnectionRecord record = new ConnectionRecord(listener, client);
        RejectReason refused = listener.admit(client.getAddress());
        if (refused != null) {
            // closed at accept: not a byte is read or answered
            ch.config().setAutoRead(false);
            record.rejected(refused, "refused at accept");
            record.closing("refused at accept");
            ch.close();
            return;
        }
        record.live(ch);
        ch.closeFuture().addListener(f -> {
            listener.released(client.getAddress());
            record.ended();
        });
        ListenerSettings settings = listener.settings();
        if (settings.tls()) {
            // the ClientHello's SNI picks the certificate; the handshake is bounded like the first message
            ch.pipeline().addLast("tls", new SniHandler(listener.tls().server(settings.certificate(),
                    listener.requestsClientCertificate(), settings.protocols().contains(Protocol.HTTP)),
                    settings.sniffTimeoutMs()));
        }
        ch.pipeline().addLast("sniff", new SniffHandler(listener, record));
        ch.pipeline().addLast(CAMEL_HANDLER, new ServerChannelHandler(consumer));
    }
}
