package org.rp.routes.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import org.rp.api.RejectReason;
import org.rp.api.route.Decision;
import org.rp.api.route.Rule;
import org.rp.routes.listener.ConnectionRecord;
import org.rp.routes.listener.SniffedConnection;

/**
 * A plain byte relay after the decision, both ways, with backpressure (a side stops reading while the other
 * cannot take more), half-close passed on, and both sides closed when either fails. No per-chunk work beyond a
 * byte count.
 */
public final class ByteRelay extends ChannelInboundHandlerAdapter {
    private final Channel peer;
    private final ConnectionRecord record;
    private final boolean fromClient;

    private ByteRelay(Channel peer, ConnectionRecord record, boolean fromClient) {
        this.peer = peer;
        this.record = record;
        this.fromClient = fromClient;
    }

    /** Connects the rule's target, sends it what the client sent so far, then relays. */
    public static void start(SniffedConnection connection, Rule rule) {
        Channel client = connection.channel();
        ConnectionRecord record = connection.record();
        ByteBuf first = connection.received();
        // nothing more is read until the upstream can take it
        client.config().setAutoRead(false);
        ChannelFuture connected = connection.listener().upstreams().connect(client, rule,
                new ByteRelay(client, record, false));
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                first.release();
                record.rejected(new Decision.Reject(RejectReason.UPSTREAM_UNREACHABLE, rule.target().host() + ":"
                        + rule.target().port() + ": " + f.cause().getMessage(), rule.name()));
                record.closing("upstream unreachable");
                client.close();
                return;
            }
            Channel upstream = connected.channel();
            record.relaying(rule, upstream.remoteAddress());
            client.pipeline().addLast("relay", new ByteRelay(upstream, record, true));
            record.fromClient(first.readableBytes());
            upstream.writeAndFlush(first);
            client.config().setAutoRead(true);
            if (!client.isActive()) {
                upstream.close();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf) {
            long n = ((ByteBuf) msg).readableBytes();
            if (fromClient) {
                record.fromClient(n);
            } else {
                record.toClient(n);
            }
        }
        peer.write(msg, peer.voidPromise());
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        peer.config().setAutoRead(ctx.channel().isWritable());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            Channels.relayHalfClose(ctx.channel(), peer);
        } else if (event instanceof IdleStateEvent) {
            record.idleTimedOut();
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        record.closing(fromClient ? "client" : "upstream");
        Channels.closeOnFlush(peer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        record.closing((fromClient ? "client error: " : "upstream error: ") + cause.getMessage());
        ctx.close();
        Channels.closeOnFlush(peer);
    }
}
