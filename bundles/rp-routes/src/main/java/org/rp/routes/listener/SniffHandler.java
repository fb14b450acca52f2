package org.rp.routes.listener;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.rp.api.FirstMessage;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.Sniffer;
import org.rp.routes.Failures;
import org.rp.routes.config.ListenerSettings;

/**
 * Collects a connection's first bytes, bounded in size and time, until one of the listener's sniffers recognises
 * the first message or it is refused; then removes itself and emits exactly one {@link SniffedConnection} into the
 * Camel route.
 */
final class SniffHandler extends ChannelInboundHandlerAdapter {
    private final ListenerRuntime listener;
    private final ListenerSettings settings;
    private final List<Sniffer> sniffers;
    private final ConnectionRecord record;
    private ByteBuf received = Unpooled.EMPTY_BUFFER;
    private ScheduledFuture<?> timeout;
    private boolean emitted;
    private boolean handshakeFailed;
    private long sniffStartNanos;

    SniffHandler(ListenerRuntime listener, ConnectionRecord record) {
        this.listener = listener;
        this.settings = listener.settings();
        this.record = record;
        this.sniffers = sniffersFor(settings, listener.sniffers());
    }

    /** The listener's sniffers in protocol order, so that the same bytes always meet the same sniffer first. */
    private static List<Sniffer> sniffersFor(ListenerSettings settings, List<Sniffer> all) {
        List<Sniffer> chosen = new ArrayList<>(all.size());
        for (Sniffer sniffer : all) {
            if (settings.protocols().contains(sniffer.protocol())) {
                chosen.add(sniffer);
            }
        }
        chosen.sort(Comparator.comparing(Sniffer::protocol));
        return chosen;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!settings.tls()) {
            startTimeout(ctx);
        }
        ctx.fireChannelActive();
    }

    /** The first message's time starts when the connection can carry it: at accept, or after the TLS handshake. */
    private void startTimeout(ChannelHandlerContext ctx) {
        sniffStartNanos = System.nanoTime();
        timeout = ctx.executor().schedule(() -> refuse(ctx, onlyProtocol(), RejectReason.SNIFF_TIMEOUT,
                "no complete first message after " + settings.sniffTimeoutMs() + " ms"),
                settings.sniffTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (emitted || !(msg instanceof ByteBuf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        received = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), received, (ByteBuf) msg);
        sniff(ctx);
    }

    /**
     * The first sniffer to match wins. A rejection is final only when no other sniffer of the listener could still
     * match: on a listener for several protocols, one sniffer's "broken" must not hide another's "mine".
     */
    private void sniff(ChannelHandlerContext ctx) {
        if (sniffers.isEmpty()) {
            refuse(ctx, null, RejectReason.UNKNOWN_PROTOCOL, "no sniffer installed for " + settings.protocols());
            return;
        }
        int visible = Math.min(received.readableBytes(), settings.firstMessageMaxBytes());
        Protocol needMore = null;
        Sniffer rejecting = null;
        SniffResult rejection = null;
        for (Sniffer sniffer : sniffers) {
            ByteBuffer view = received.nioBuffer(received.readerIndex(), visible).asReadOnlyBuffer();
            SniffResult result = SnifferCalls.ask(sniffer, view);
            switch (result.kind()) {
                case MATCH:
                    recognised(ctx, sniffer, result);
                    return;
                case REJECT:
                    if (rejection == null) {
                        rejecting = sniffer;
                        rejection = result;
                    }
                    break;
                case NEED_MORE:
                    needMore = needMore == null ? sniffer.protocol() : needMore;
                    break;
                default:
                    break;
            }
        }
        boolean full = visible >= settings.firstMessageMaxBytes();
        if (rejection != null && (needMore == null || full)) {
            record.sniffedBy(SnifferCalls.origin(rejecting));
            refuse(ctx, rejecting.protocol(), rejection.reason(), rejection.detail());
        } else if (needMore == null) {
            refuse(ctx, null, RejectReason.UNKNOWN_PROTOCOL, "not " + settings.protocols());
        } else if (full) {
            refuse(ctx, needMore, RejectReason.OVERSIZE, "first message exceeds " + settings.firstMessageMaxBytes() + " bytes");
        }
    }

    private void recognised(ChannelHandlerContext ctx, Sniffer sniffer, SniffResult result) {
        record.sniffedBy(SnifferCalls.origin(sniffer));
        listener.counters().sniffed((System.nanoTime() - sniffStartNanos) / 1000);
        FirstMessage message = new FirstMessage(listener.name(), record.client(), listener.transport(),
                result.facts());
        emit(ctx, SniffedConnection.recognised(ctx.channel(), listener, record, message, sniffer, received));
    }

    private void refuse(ChannelHandlerContext ctx, Protocol protocol, RejectReason reason, String detail) {
        if (!emitted) {
            emit(ctx, SniffedConnection.refused(ctx.channel(), listener, record, protocol, reason, detail, received));
        }
    }

    private Protocol onlyProtocol() {
        return settings.protocols().size() == 1 ? settings.protocols().iterator().next() : null;
    }

    private void emit(ChannelHandlerContext ctx, SniffedConnection connection) {
        emitted = true;
        received = Unpooled.EMPTY_BUFFER;
        if (timeout != null) {
            timeout.cancel(false);
        }
        ctx.pipeline().remove(this);
        // the route runs in this call, on this event loop: the relay or the rejection owns the channel before any
        // further byte is read, so no second exchange can reach Camel and reading need not be switched off here
        ctx.fireChannelRead(connection);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent && !emitted) {
            SslHandshakeCompletionEvent handshake = (SslHandshakeCompletionEvent) event;
            if (handshake.isSuccess()) {
                startTimeout(ctx);
            } else {
                handshakeFailed(ctx, handshake.cause());
            }
            return;
        }
        if (event instanceof ChannelInputShutdownEvent && !emitted) {
            // the client finished sending before its first message was complete: nothing to route
            record.closing("client ended before a complete first message");
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        received.release();
        received = Unpooled.EMPTY_BUFFER;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (settings.tls() && timeout == null) {
            // before the handshake completed: no certificate for the SNI, not TLS at all, a broken record
            handshakeFailed(ctx, cause);
            return;
        }
        record.closing("error before first message: " + cause.getMessage());
        ctx.close();
    }

    /** Counted and logged once, however many ways the TLS handler reports it. */
    private void handshakeFailed(ChannelHandlerContext ctx, Throwable cause) {
        if (!handshakeFailed) {
            handshakeFailed = true;
            record.rejected(RejectReason.TLS_HANDSHAKE_FAILED, cause == null ? "unknown" : rootMessage(cause));
            record.closing("TLS handshake failed");
        }
        ctx.close();
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = Failures.rootCause(cause);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
