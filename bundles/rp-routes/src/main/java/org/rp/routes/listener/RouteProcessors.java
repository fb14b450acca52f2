package org.rp.routes.listener;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.timeout.IdleStateHandler;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.rp.api.Protocol;
import org.rp.api.route.Decision;
import org.rp.routes.relay.ByteRelay;
import org.rp.routes.relay.HttpRelay;
import org.rp.routes.relay.HttpResponses;

/**
 * The steps of a listener route: decide on the sniffed first message, then relay or reject. They run on the
 * connection's event loop and never block.
 */
public final class RouteProcessors {
    private RouteProcessors() {
    }

    /** Asks the route table, unless the connection was already refused while sniffing. */
    public static final Processor DECIDE = exchange -> {
        SniffedConnection connection = body(exchange);
        if (connection.decision() == null) {
            connection.decision(connection.listener().decide(connection.message(), connection.channel()));
        }
    };

    public static final Predicate RELAY = exchange -> body(exchange).decision() instanceof Decision.Relay;

    /** Takes the channel from Camel and gives it to the relay of its protocol. */
    public static final Processor START_RELAY = exchange -> {
        SniffedConnection connection = body(exchange);
        Channel channel = connection.channel();
        channel.pipeline().remove(ListenerInitializer.CAMEL_HANDLER);
        channel.pipeline().addLast("idle", new IdleStateHandler(0, 0,
                connection.listener().settings().idleTimeoutS(), TimeUnit.SECONDS));
        if (connection.protocol() == Protocol.HTTP) {
            HttpRelay.start(connection);
        } else {
            ByteRelay.start(connection, ((Decision.Relay) connection.decision()).rule());
        }
    };

    /** Counts and logs the rejection, answers where the protocol has a way to say no, and closes. */
    public static final Processor REJECT = exchange -> {
        SniffedConnection connection = body(exchange);
        Decision.Reject reject = (Decision.Reject) connection.decision();
        connection.record().rejected(reject);
        connection.record().closing("rejected");
        connection.received().release();
        Channel channel = connection.channel();
        channel.pipeline().remove(ListenerInitializer.CAMEL_HANDLER);
        ByteBuf answer = connection.protocol() == Protocol.HTTP ? HttpResponses.forReason(reject.reason()) : null;
        if (answer != null) {
            connection.record().toClient(answer.readableBytes());
            channel.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    };

    private static SniffedConnection body(Exchange exchange) {
        return exchange.getIn().getBody(SniffedConnection.class);
    }
}
