package org.rp.routes.relay;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import org.rp.api.route.Target;

/**
 * Idle keep-alive connections to HTTP upstreams, kept for the next client request to the same target (as nginx's
 * {@code keepalive} does): a new client connection then costs no upstream connect. One pool per event loop, so a
 * connection is only ever used on the loop it belongs to and nothing is locked.
 * <p>
 * A connection is pooled only between complete exchanges and never if it carried a PROXY protocol header or was
 * upgraded. It is used again only within {@link #MAX_IDLE_NANOS}, shorter than common server keep-alive timeouts
 * (Apache: 5 s), so a request rarely meets a connection the server is just closing.
 */
final class UpstreamPool {
    /** Pipeline name of the handler that owns an upstream channel: a relay's, or the pool's while idle. */
    static final String OWNER = "upstream-owner";
    private static final int MAX_IDLE_PER_TARGET = 64;
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** What makes two upstream connections interchangeable: the target, and whether rp speaks TLS to it. */
    record Leg(Target target, boolean tls) {
    }

    private static final FastThreadLocal<Map<Leg, ArrayDeque<Idle>>> POOLS = new FastThreadLocal<>() {
        @Override
        protected Map<Leg, ArrayDeque<Idle>> initialValue() {
            return new HashMap<>();
        }
    };

    private record Idle(Channel channel, long since) {
    }

    private UpstreamPool() {
    }

    /** @return an idle, open connection to the target with {@code owner} installed, or {@code null}; on its event loop only */
    static Channel acquire(Leg leg, ChannelHandler owner) {
        ArrayDeque<Idle> idle = POOLS.get().get(leg);
        long now = System.nanoTime();
        while (idle != null && !idle.isEmpty()) {
            Idle candidate = idle.pollLast();
            if (candidate.channel().isActive() && now - candidate.since() < MAX_IDLE_NANOS) {
                candidate.channel().pipeline().replace(OWNER, OWNER, owner);
                candidate.channel().config().setAutoRead(true);
                return candidate.channel();
            }
            candidate.channel().close();
        }
        return null;
    }

    /** Keeps a connection that has finished its last exchange; closes it if the pool for its target is full. */
    static void release(Leg leg, Channel channel) {
        ArrayDeque<Idle> idle = POOLS.get().computeIfAbsent(leg, t -> new ArrayDeque<>());
        if (idle.size() >= MAX_IDLE_PER_TARGET) {
            idle.pollFirst().channel().close();
        }
        channel.pipeline().replace(OWNER, OWNER, new IdleOwner(idle));
        idle.addLast(new Idle(channel, System.nanoTime()));
    }

    /** Watches an idle connection: anything the upstream sends now, or its close, ends it. */
    private static final class IdleOwner extends ChannelInboundHandlerAdapter {
        private final ArrayDeque<Idle> pool;

        IdleOwner(ArrayDeque<Idle> pool) {
            this.pool = pool;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            pool.removeIf(idle -> idle.channel() == ctx.channel());
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            ctx.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
