package org.rp.sniffers.http;

import java.nio.ByteBuffer;

import org.osgi.service.component.annotations.Component;
import org.rp.api.Protocol;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.Sniffer;

/**
 * Recognises an HTTP/1.x request head and reports its Host, normalised path and framing; strict where servers
 * and proxies are known to disagree (request smuggling, path confusion), see {@link RequestHeadParser}.
 * <p>
 * Asked with everything a client has sent so far, and by the relay at the start of every later request on a
 * keep-alive connection: {@code headLength} counts exactly the head, whatever follows it in the buffer. Reads only
 * with absolute gets, so the buffer's position and limit are left as they were.
 */
@Component(service = Sniffer.class)
public final class HttpSniffer implements Sniffer {

    @Override
    public Protocol protocol() {
        return Protocol.HTTP;
    }

    @Override
    public SniffResult sniff(ByteBuffer received) {
        return new RequestHeadParser(received).parse();
    }
}
