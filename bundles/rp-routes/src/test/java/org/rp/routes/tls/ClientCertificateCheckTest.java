package org.rp.routes.tls;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;
import org.rp.api.Facts;
import org.rp.api.Protocol;

/** Which user a first message claims, the name a client certificate must carry under check.certificate. */
public class ClientCertificateCheckTest {

    @Test
    public void sipClaimsTheFromUser() {
        assertEquals("101", ClientCertificateCheck.claimedUser(Facts.builder(Protocol.SIP)
                .attribute("sip.from.user", "101").attribute("sip.ruri.user", "202").build()));
    }

    @Test
    public void h323ClaimsTheFirstEndpointAliasThenDigits() {
        assertEquals("alice", ClientCertificateCheck.claimedUser(Facts.builder(Protocol.H323)
                .attribute("h225.h323_ID", "alice|Bob@PBX.example.com").attribute("h225.dialledDigits", "201").build()));
        assertEquals("201", ClientCertificateCheck.claimedUser(Facts.builder(Protocol.H323)
                .attribute("h225.dialledDigits", "201|202").build()));
    }

    @Test
    public void ldapClaimsTheBindUser() {
        assertEquals("phone1", ClientCertificateCheck.bindUser("cn=phone1,dc=example,dc=com"));
        assertEquals("alice", ClientCertificateCheck.bindUser("alice@example.com"));
        assertEquals("User1", ClientCertificateCheck.bindUser("User1"));
        assertNull(ClientCertificateCheck.bindUser(""));
        assertNull(ClientCertificateCheck.bindUser(null));
    }

    @Test
    public void httpAndPassThroughClaimNobody() {
        assertNull(ClientCertificateCheck.claimedUser(Facts.builder(Protocol.HTTP).host("pbx.example.com").build()));
        assertNull(ClientCertificateCheck.claimedUser(Facts.builder(Protocol.TLS).host("pbx.example.com").build()));
    }
}
