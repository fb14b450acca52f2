package org.rp.sniffers.sip;

import java.nio.ByteBuffer;

import org.osgi.service.component.annotations.Component;
import org.rp.api.Protocol;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.Sniffer;

/**
 * Recognises a SIP request head over TCP (RFC 3261) and reports its routing key: the Request-URI's domain, or the To
 * URI's when the Request-URI names only an address. Strict where SIP elements are known to disagree, see
 * {@link RequestParser}; the body is not read.
 * <p>
 * Reads only with absolute gets, so the buffer's position and limit are left as they were.
 */
@Component(service = Sniffer.class)
public final class SipSniffer implements Sniffer {

    @Override
    public Protocol protocol() {
        return Protocol.SIP;
    }

    @Override
    public SniffResult sniff(ByteBuffer received) {
        return new RequestParser(received).parse();
    }
}
