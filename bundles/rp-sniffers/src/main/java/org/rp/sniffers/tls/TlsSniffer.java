package org.rp.sniffers.tls;

import java.nio.ByteBuffer;

import org.osgi.service.component.annotations.Component;
import org.rp.api.Protocol;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.Sniffer;

/**
 * Recognises a TLS ClientHello, also one fragmented over several records, and reports its SNI (the routing key of
 * TLS pass-through listeners), ALPN protocols and versions, without terminating TLS; see {@link ClientHelloParser}.
 * <p>
 * Refuses SSL 2.0 and 3.0 hellos; TLS 1.0 and 1.1 are reported, and whether to serve them is decided where TLS is
 * terminated. A hello without SNI matches with no host: the route table decides what such connections get. Reads
 * only with absolute gets, so the buffer's position and limit are left as they were.
 */
@Component(service = Sniffer.class)
public final class TlsSniffer implements Sniffer {

    @Override
    public Protocol protocol() {
        return Protocol.TLS;
    }

    @Override
    public SniffResult sniff(ByteBuffer received) {
        return new ClientHelloParser(received).parse();
    }
}
