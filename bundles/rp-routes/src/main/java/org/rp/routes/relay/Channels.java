package org.rp.routes.relay;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;

/** Small closing rules shared by the relays. */
final class Channels {
    private Channels() {
    }

    /** Closes once everything already written has been sent. */
    static void closeOnFlush(Channel channel) {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else if (channel != null) {
            channel.close();
        }
    }

    /**
     * Passes a half-close on: the peer stops receiving from us once written data is out. When both directions
     * are finished the connection is closed.
     */
    static void relayHalfClose(Channel from, Channel to) {
        if (!(to instanceof DuplexChannel) || !to.isActive()) {
            closeOnFlush(to);
            from.close();
            return;
        }
        DuplexChannel peer = (DuplexChannel) to;
        peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> peer.shutdownOutput().addListener(done -> {
            if (((DuplexChannel) from).isOutputShutdown() || !done.isSuccess()) {
                from.close();
                peer.close();
            }
        }));
        if (peer.isInputShutdown()) {
            // the other direction already ended: nothing more will flow either way
            closeOnFlush(peer);
            closeOnFlush(from);
        }
    }
}
