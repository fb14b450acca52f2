package org.rp.routes.relay;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.rp.api.Facts;
import org.rp.api.FirstMessage;
import org.rp.api.HttpHead;
import org.rp.api.Protocol;
import org.rp.api.RejectReason;
import org.rp.api.route.Decision;
import org.rp.api.route.ProxyProtocol;
import org.rp.api.route.Rule;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.Sniffer;
import org.rp.routes.listener.ConnectionRecord;
import org.rp.routes.listener.ListenerRuntime;
import org.rp.routes.listener.SniffedConnection;
import org.rp.routes.listener.SnifferCalls;

/**
 * HTTP/1.x relay that checks every request of a keep-alive connection, not only the first: each request head is
 * sniffed and decided again before a byte of it reaches the upstream. Bodies stream through (their end is found by
 * {@link BodyFramer}, never by aggregating); responses are framed too, so that a refused request is answered in
 * order, after the responses the client is still owed. A WebSocket upgrade that the upstream accepts (101) turns
 * the connection into a byte tunnel.
 * <p>
 * All state is touched only on the client's event loop, which the upstream channel shares.
 */
public final class HttpRelay extends ChannelInboundHandlerAdapter {
    private static final int MAX_RESPONSE_HEAD = 65536;
    private static final byte[] CONNECTION = Heads.lowerCase("Connection");
    private static final byte[] CONNECTION_CLOSE = "Connection: close\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Channel client;
    private final ListenerRuntime listener;
    private final ConnectionRecord record;
    private final Sniffer sniffer;
    private final InetSocketAddress clientAddress;
    private final byte[] forwardedLines;

    private ByteBuf requestBytes;
    /** The connection as the route decided it, until its first request has been forwarded. */
    private SniffedConnection firstRequest;
    private BodyFramer requestBody;
    /** One entry per forwarded request whose response is not complete: true if it was a HEAD request. */
    private final ArrayDeque<Boolean> awaitingResponses = new ArrayDeque<>();

    private Channel upstream;
    private Rule upstreamRule;
    private boolean connecting;
    private boolean upgradeRequested;
    private boolean tunnel;
    private boolean switchingTarget;
    private Decision.Reject pendingReject;
    private boolean clientFinished;
    /** The client said this request is its last (Connection: close): rp closes once it is answered. */
    private boolean lastRequestForwarded;
    /** An error ended the connection; its upstream must not serve anyone else. */
    private boolean connectionBroken;

    private ByteBuf responseBytes = Unpooled.EMPTY_BUFFER;
    private BodyFramer responseBody;
    private boolean responseCloses;

    private HttpRelay(SniffedConnection connection) {
        this.client = connection.channel();
        this.listener = connection.listener();
        this.record = connection.record();
        this.sniffer = connection.sniffer();
        this.clientAddress = connection.message().client();
        this.forwardedLines = ForwardedHeaders.linesFor(clientAddress.getAddress(), listener.settings().tls());
        this.requestBytes = connection.received();
        this.firstRequest = connection;
        record.fromClient(requestBytes.readableBytes());
    }

    /** Takes over the client channel; the route has allowed the first request, the relay checks every later one. */
    public static void start(SniffedConnection connection) {
        HttpRelay relay = new HttpRelay(connection);
        connection.channel().pipeline().addLast("relay", relay);
        relay.drain();
    }

    // ---- client side

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ByteBuf bytes = (ByteBuf) msg;
        record.fromClient(bytes.readableBytes());
        if (pendingReject != null || lastRequestForwarded) {
            // nothing after a refused or a last request is ever forwarded
            bytes.release();
            return;
        }
        requestBytes = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), requestBytes, bytes);
        drain();
    }

    /** Forwards what the client sent as far as the state allows: bodies and tunnel bytes as they are, heads once allowed. */
    private void drain() {
        while (requestBytes.isReadable() && !blocked()) {
            if (tunnel) {
                write(upstream, requestBytes.readRetainedSlice(requestBytes.readableBytes()));
            } else if (requestBody != null) {
                forwardRequestBody();
            } else if (!nextRequest()) {
                break;
            }
        }
        if (upstream != null) {
            upstream.flush();
        }
        if (!requestBytes.isReadable() && requestBytes != Unpooled.EMPTY_BUFFER) {
            requestBytes.release();
            requestBytes = Unpooled.EMPTY_BUFFER;
        }
        if (clientFinished && idle() && !tunnel) {
            closeBoth("client finished");
            return;
        }
        client.config().setAutoRead(!readingPaused());
    }

    /** Client bytes wait in {@link #requestBytes} until the relay may act on them. */
    private boolean blocked() {
        return connecting || upgradeRequested || switchingTarget || pendingReject != null || lastRequestForwarded;
    }

    /**
     * Reading stops only while bytes would pile up: during a connect, an upgrade or a target switch, or while the
     * upstream cannot take more. After a refused or last request reading goes on (and is discarded), which costs
     * nothing, while switching it off costs a system call on every such connection.
     */
    private boolean readingPaused() {
        return connecting || upgradeRequested || switchingTarget || (upstream != null && !upstream.isWritable());
    }

    private boolean idle() {
        return awaitingResponses.isEmpty() && requestBody == null && !connecting;
    }

    private void forwardRequestBody() {
        int n;
        try {
            n = requestBody.scan(requestBytes);
        } catch (BodyFramer.MalformedBodyException e) {
            // the upstream has part of this request: it can only be ended, not answered by us
            record.rejected(RejectReason.MALFORMED, "request body: " + e.getMessage());
            abort("malformed request body");
            return;
        }
        write(upstream, requestBytes.readRetainedSlice(n));
        if (requestBody.done()) {
            requestBody = null;
        }
    }

    /** @return false if the head is incomplete or the connection must wait before it can go on */
    private boolean nextRequest() {
        Facts facts;
        Decision decision;
        if (firstRequest != null) {
            // the route's content-based router has already sniffed and decided the first request
            facts = firstRequest.message().facts();
            decision = firstRequest.decision();
        } else {
            facts = sniffNextHead();
            if (facts == null) {
                return false;
            }
            record.facts(facts);
            decision = listener.decide(new FirstMessage(listener.name(), clientAddress, listener.transport(), facts), client);
        }
        if (decision instanceof Decision.Reject) {
            refuse((Decision.Reject) decision);
            return false;
        }
        Rule rule = ((Decision.Relay) decision).rule();
        if (upstream != null && !sameUpstream(rule)) {
            // another target: finish what the current upstream owes, then reconnect
            if (!awaitingResponses.isEmpty()) {
                switchingTarget = true;
                return false;
            }
            closeUpstream();
        }
        if (upstream == null && !connect(rule)) {
            return false;
        }
        forwardHead(facts.http(), rule);
        firstRequest = null;
        return true;
    }

    /** @return the facts of the complete head at the start of {@link #requestBytes}, or null (incomplete or refused) */
    private Facts sniffNextHead() {
        int visible = Math.min(requestBytes.readableBytes(), listener.settings().firstMessageMaxBytes());
        ByteBuffer view = requestBytes.nioBuffer(requestBytes.readerIndex(), visible).asReadOnlyBuffer();
        SniffResult result = SnifferCalls.ask(listener.currentSniffer(Protocol.HTTP, sniffer), view);
        switch (result.kind()) {
            case MATCH:
                return result.facts();
            case NEED_MORE:
                if (visible >= listener.settings().firstMessageMaxBytes()) {
                    refuse(new Decision.Reject(RejectReason.OVERSIZE, "request head exceeds "
                            + listener.settings().firstMessageMaxBytes() + " bytes"));
                }
                return null;
            case REJECT:
                refuse(new Decision.Reject(result.reason(), result.detail()));
                return null;
            default:
                refuse(new Decision.Reject(RejectReason.MALFORMED, "not an HTTP request"));
                return null;
        }
    }

    private boolean sameUpstream(Rule rule) {
        return rule.target().equals(upstreamRule.target()) && rule.proxyProtocol() == upstreamRule.proxyProtocol();
    }

    private void forwardHead(HttpHead head, Rule rule) {
        ByteBuf bytes = requestBytes.readRetainedSlice(head.headLength());
        if (rule.forwardedHeaders()) {
            ByteBuf rewritten = ForwardedHeaders.rewrite(bytes, forwardedLines, client.alloc());
            bytes.release();
            bytes = rewritten;
        }
        write(upstream, bytes);
        awaitingResponses.add("HEAD".equals(head.method()));
        upgradeRequested = head.webSocket();
        lastRequestForwarded = head.close();
        if (head.chunked()) {
            requestBody = BodyFramer.chunked();
        } else if (head.contentLength() > 0) {
            requestBody = BodyFramer.fixed(head.contentLength());
        }
    }

    private UpstreamPool.Leg leg(Rule rule) {
        return new UpstreamPool.Leg(rule.target(), UpstreamConnector.tlsTowards(rule, client));
    }

    /** @return true if an idle pooled connection was attached at once; false while a new one is being opened */
    private boolean connect(Rule rule) {
        if (rule.proxyProtocol() == ProxyProtocol.NONE) {
            Channel pooled = UpstreamPool.acquire(leg(rule), new UpstreamHandler());
            if (pooled != null) {
                attach(pooled, rule);
                return true;
            }
        }
        connecting = true;
        listener.upstreams().connect(client, rule, new UpstreamHandler()).addListener((ChannelFutureListener) f -> {
            connecting = false;
            if (!f.isSuccess()) {
                record.rejected(new Decision.Reject(RejectReason.UPSTREAM_UNREACHABLE, rule.target().host() + ":"
                        + rule.target().port() + ": " + f.cause().getMessage(), rule.name()));
                answerAndClose(RejectReason.UPSTREAM_UNREACHABLE, "upstream unreachable");
                return;
            }
            if (!client.isActive()) {
                f.channel().close();
                return;
            }
            attach(f.channel(), rule);
            drain();
        });
        return false;
    }

    private void attach(Channel channel, Rule rule) {
        upstream = channel;
        upstreamRule = rule;
        record.relaying(rule, upstream.remoteAddress());
    }

    /** Refuses the request at hand; the answer waits until the responses the client is owed are complete. */
    private void refuse(Decision.Reject reject) {
        record.rejected(reject);
        pendingReject = reject;
        requestBytes.release();
        requestBytes = Unpooled.EMPTY_BUFFER;
        if (awaitingResponses.isEmpty()) {
            answerAndClose(reject.reason(), "request refused");
        }
    }

    private void answerAndClose(RejectReason reason, String closeReason) {
        record.closing(closeReason);
        ByteBuf answer = HttpResponses.forReason(reason);
        if (answer != null && client.isActive()) {
            record.toClient(answer.readableBytes());
            client.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        } else {
            client.close();
        }
        closeUpstream();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (upstream != null) {
            upstream.config().setAutoRead(client.isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            clientFinished = true;
            if (tunnel) {
                Channels.relayHalfClose(client, upstream);
            } else {
                drain();
            }
        } else if (event instanceof IdleStateEvent) {
            record.idleTimedOut();
            closeBoth("idle timeout");
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        record.closing("client");
        closeUpstream();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        abort("client error: " + cause.getMessage());
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        requestBytes.release();
        requestBytes = Unpooled.EMPTY_BUFFER;
        responseBytes.release();
        responseBytes = Unpooled.EMPTY_BUFFER;
    }

    // ---- upstream side

    private void onResponseBytes(ByteBuf bytes) {
        record.toClient(bytes.readableBytes());
        if (tunnel) {
            client.write(bytes, client.voidPromise());
            return;
        }
        responseBytes = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(client.alloc(), responseBytes, bytes);
        try {
            while (responseBytes.isReadable() && !tunnel) {
                if (responseBody != null) {
                    forwardResponseBody();
                } else if (!responseHead()) {
                    break;
                }
            }
        } catch (IllegalArgumentException e) {
            abort("bad response from upstream: " + e.getMessage());
            return;
        }
        if (!responseBytes.isReadable() && responseBytes != Unpooled.EMPTY_BUFFER) {
            responseBytes.release();
            responseBytes = Unpooled.EMPTY_BUFFER;
        }
    }

    private void forwardResponseBody() {
        int n = responseBody.scan(responseBytes);
        client.write(responseBytes.readRetainedSlice(n), client.voidPromise());
        if (responseBody.done()) {
            responseBody = null;
            responseComplete();
        }
    }

    /** @return false while the head is incomplete */
    private boolean responseHead() {
        ResponseHead head = ResponseHead.parse(responseBytes);
        if (head == null) {
            if (responseBytes.readableBytes() > MAX_RESPONSE_HEAD) {
                throw new IllegalArgumentException("response head exceeds " + MAX_RESPONSE_HEAD + " bytes");
            }
            return false;
        }
        if (awaitingResponses.isEmpty()) {
            throw new IllegalArgumentException("response without a request");
        }
        ByteBuf headBytes = responseBytes.readRetainedSlice(head.length());
        if (lastRequestForwarded && awaitingResponses.size() == 1 && head.status() >= 200 && !head.close()) {
            // rp ends the connection after this answer, as the client asked: say so, as the upstream did not hear it
            ByteBuf rewritten = Heads.rewrite(headBytes, HttpRelay::connectionField, CONNECTION_CLOSE, client.alloc());
            headBytes.release();
            headBytes = rewritten;
        }
        client.write(headBytes, client.voidPromise());
        if (head.status() == 101) {
            if (!upgradeRequested || awaitingResponses.size() != 1) {
                throw new IllegalArgumentException("101 without an upgrade request");
            }
            startTunnel();
            return true;
        }
        if (head.status() < 200) {
            return true;
        }
        responseCloses = head.close();
        boolean noBody = awaitingResponses.peek() || head.status() == 204 || head.status() == 304;
        if (noBody || head.contentLength() == 0) {
            responseComplete();
        } else if (head.chunked()) {
            responseBody = BodyFramer.chunked();
        } else if (head.contentLength() > 0) {
            responseBody = BodyFramer.fixed(head.contentLength());
        } else {
            responseBody = BodyFramer.delimitedByClose();
        }
        return true;
    }

    private void startTunnel() {
        tunnel = true;
        upgradeRequested = false;
        awaitingResponses.clear();
        if (responseBytes.isReadable()) {
            client.write(responseBytes.readRetainedSlice(responseBytes.readableBytes()), client.voidPromise());
        }
        client.flush();
        drain();
        if (clientFinished) {
            Channels.relayHalfClose(client, upstream);
        }
    }

    private void responseComplete() {
        awaitingResponses.poll();
        upgradeRequested = false;
        if (!awaitingResponses.isEmpty()) {
            return;
        }
        // the upstream's handler may change below (back to the pool), and with it who flushes at read-complete
        client.flush();
        if (responseCloses) {
            // the upstream ends the connection after this response; the client is told the same by the head
            closeBoth("upstream closed after response");
        } else if (lastRequestForwarded && requestBody == null) {
            closeBoth("client asked to close");
        } else if (pendingReject != null) {
            answerAndClose(pendingReject.reason(), "request refused");
        } else {
            // between requests the upstream connection goes back to the pool: an idle keep-alive client holds no
            // upstream connection, and the next request (to this target or another) takes one from the pool;
            // a connection that carried a PROXY header belongs to this client and stays
            boolean switching = switchingTarget;
            switchingTarget = false;
            if (switching || (requestBody == null && upstreamRule.proxyProtocol() == ProxyProtocol.NONE)) {
                closeUpstream();
            }
            drain();
        }
    }

    private void upstreamClosed(Channel closed) {
        if (closed != upstream) {
            return;
        }
        upstream = null;
        if (tunnel || (responseBody != null && responseBody.untilClose())) {
            if (responseBody != null) {
                responseBody = null;
                awaitingResponses.poll();
            }
            Channels.closeOnFlush(client);
            record.closing("upstream");
        } else if (!awaitingResponses.isEmpty() && responseBody == null && !responseBytes.isReadable()) {
            // not a byte of the awaited response was sent yet, so the client can still be told properly
            record.rejected(RejectReason.UPSTREAM_UNREACHABLE, "upstream closed before answering");
            answerAndClose(RejectReason.UPSTREAM_UNREACHABLE, "upstream closed before answering");
        } else if (!awaitingResponses.isEmpty() || requestBody != null) {
            record.closing("upstream closed mid-exchange");
            Channels.closeOnFlush(client);
        }
        // an idle keep-alive upstream that closed is simply reconnected on the next request
    }

    /** Lets go of the upstream: back to the pool if it is between exchanges and may serve anyone, else closed. */
    private void closeUpstream() {
        if (upstream != null) {
            Channel leaving = upstream;
            upstream = null;
            if (reusable(leaving)) {
                UpstreamPool.release(leg(upstreamRule), leaving);
            } else {
                leaving.close();
            }
        }
        responseBytes.release();
        responseBytes = Unpooled.EMPTY_BUFFER;
        responseBody = null;
    }

    private boolean reusable(Channel channel) {
        return channel.isActive() && !tunnel && !responseCloses && awaitingResponses.isEmpty() && requestBody == null
                && responseBody == null && !responseBytes.isReadable() && !connectionBroken
                && upstreamRule.proxyProtocol() == ProxyProtocol.NONE;
    }

    private void closeBoth(String reason) {
        record.closing(reason);
        closeUpstream();
        Channels.closeOnFlush(client);
    }

    /** Ends the connection after an error; its upstream is closed too, never pooled. */
    private void abort(String reason) {
        connectionBroken = true;
        closeBoth(reason);
    }

    private static boolean connectionField(ByteBuf head, int lineStart, int colon, int lineEnd) {
        return Heads.is(head, lineStart, colon, CONNECTION);
    }

    private static void write(Channel channel, ByteBuf bytes) {
        channel.write(bytes, channel.voidPromise());
    }

    /** Handler of the upstream channel; it only passes events to the relay, which owns all state. */
    private final class UpstreamHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf && ctx.channel() == upstream) {
                onResponseBytes((ByteBuf) msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel() == upstream) {
                client.config().setAutoRead(!readingPaused());
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent && ctx.channel() == upstream) {
                if (tunnel) {
                    Channels.relayHalfClose(upstream, client);
                } else {
                    // an HTTP upstream that stops sending is done with this connection
                    ctx.close();
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            upstreamClosed(ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ctx.channel() == upstream) {
                record.closing("upstream error: " + cause.getMessage());
            }
            ctx.close();
        }
    }
}
