package org.rp.sniffers.h323;

import java.nio.ByteBuffer;

import org.osgi.service.component.annotations.Component;
import org.rp.api.Protocol;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.Sniffer;

/**
 * Recognises the first message of an H.323 call signalling connection (TCP 1720): a TPKT packet with a Q.931 Setup,
 * routed by its destination alias, or an H.460.17 Facility tunnelling a RAS GRQ or RRQ, routed by its gatekeeper
 * identifier. See {@link CallSignallingParser} for what is claimed and when, and {@link Findings} for the facts.
 * <p>
 * Reads only with absolute gets, so the buffer's position and limit are left as they were; decodes only as much
 * PER as the routing facts need, every length checked against the bytes there and the 8 KiB packet limit.
 */
@Component(service = Sniffer.class)
public final class H323Sniffer implements Sniffer {

    @Override
    public Protocol protocol() {
        return Protocol.H323;
    }

    @Override
    public SniffResult sniff(ByteBuffer received) {
        return new CallSignallingParser(received).parse();
    }
}
