package org.rp.api.sniff;

import java.nio.ByteBuffer;

import org.rp.api.Protocol;

/**
 * Recognises one protocol's first message. Registered as an OSGi service; rp asks every sniffer of a listener's
 * protocols each time more bytes arrive, until one answers match or reject, or all answer not-mine.
 * <p>
 * Implementations are stateless and thread-safe, must not keep the buffer, and must read only between its
 * position and limit. They are called on network event loops, so they never block.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface Sniffer {

    Protocol protocol();

    /**
     * @param received everything the client has sent so far, from its position to its limit; a read-only view
     *                 whose position and limit the sniffer may move
     * @return need-more, not-mine, match with the facts, or reject with a reason
     */
    SniffResult sniff(ByteBuffer received);
}
