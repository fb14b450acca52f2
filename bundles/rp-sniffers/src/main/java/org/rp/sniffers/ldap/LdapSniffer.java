package org.rp.sniffers.ldap;

import java.nio.ByteBuffer;

import org.osgi.service.component.annotations.Component;
import org.rp.api.Protocol;
import org.rp.api.sniff.SniffResult;
import org.rp.api.sniff.Sniffer;

/**
 * Recognises an LDAP client's first LDAPMessage (RFC 4511) and reports who binds: the bind name, and as routing key
 * the domain it belongs to ({@link BindNameDomain}). A StartTLS or any other request that opens a connection
 * without a bind matches with no routing key, so the listener's default rule decides.
 * <p>
 * Strict BER (definite lengths, at most 4 length octets, every length inside its enclosing element) and a size
 * limit read from the first length octets, see {@link LdapMessageParser}. Reads only with absolute gets, so the
 * buffer's position and limit are left as they were. A PROXY protocol header in front of the message is not LDAP:
 * rp does not take client addresses from its clients.
 */
@Component(service = Sniffer.class)
public final class LdapSniffer implements Sniffer {

    @Override
    public Protocol protocol() {
        return Protocol.LDAP;
    }

    @Override
    public SniffResult sniff(ByteBuffer received) {
        return new LdapMessageParser(received).parse();
    }
}
