package org.rp.sniffers.ldap;

import static org.junit.Assert.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

/**
 * The routing domain of bind names, read from a buffer that does not start at index 0. The sniffer's own tests
 * show that it reports this domain as the host.
 */
public class BindNameDomainTest {

    @Test
    public void joinsTheDomainComponentsOfADn() {
        assertDomain("example.com", "cn=admin,dc=example,dc=com");
        assertDomain("nodomain", "cn=admin,dc=nodomain");
        assertDomain("mail.example.com", "uid=alice,ou=people,dc=mail,dc=example,dc=com");
        assertDomain("com", "dc=com");
    }

    @Test
    public void lowerCasesTypeAndValues() {
        assertDomain("example.com", "CN=Admin,DC=Example,Dc=COM");
    }

    @Test
    public void toleratesSpacesAroundEqualsAndCommas() {
        assertDomain("example.com", "cn = admin , dc = example ,  dc=com ");
        assertDomain("example.com", " dc=example,dc =com");
    }

    @Test
    public void takesOnlyTheTrailingRunOfDomainComponents() {
        assertDomain("example.com", "cn=x,dc=branch,ou=people,dc=example,dc=com");
    }

    @Test
    public void hasNoDomainIfTheLastRdnIsNotADomainComponent() {
        assertDomain(null, "cn=admin,dc=example,dc=com,o=corp");
        assertDomain(null, "cn=admin,o=Example,c=US");
    }

    @Test
    public void skipsEscapesOutsideDomainComponents() {
        assertDomain("example.com", "cn=Smith\\, John,dc=example,dc=com");
        assertDomain("example.com", "cn=a\\2cb\\+c,dc=example,dc=com");
    }

    @Test
    public void hasNoDomainIfADomainComponentIsEscaped() {
        assertDomain(null, "cn=admin,dc=exa\\6dple,dc=com");
        assertDomain(null, "cn=admin,dc=example\\,dc=com");
        assertDomain(null, "cn=admin,dc=example\\ ,dc=com");
        // even one that is not in the trailing run
        assertDomain(null, "dc=a\\2eb,ou=x,dc=example,dc=com");
    }

    @Test
    public void hasNoDomainIfADomainComponentIsNotADnsLabel() {
        assertDomain(null, "cn=admin,dc=ex ample,dc=com");
        assertDomain(null, "cn=admin,dc=,dc=com");
        assertDomain(null, "cn=admin,dc=ex.ample,dc=com");
        assertDomain(null, "cn=admin,dc=ex\u00e4mple,dc=com");
        assertDomain(null, "cn=admin,dc=" + "a".repeat(64) + ",dc=com");
    }

    @Test
    public void acceptsTheLongestLabelAndName() {
        String label = "a".repeat(63);
        assertDomain(label + ".com", "cn=admin,dc=" + label + ",dc=com");
        // 4 labels of 63 and their dots: 255 octets, over the 253 a name may have
        assertDomain(null, ("dc=" + label + ",").repeat(3) + "dc=" + label);
        assertDomain((label + ".").repeat(3) + "a".repeat(61), ("dc=" + label + ",").repeat(3) + "dc=" + "a".repeat(61));
    }

    @Test
    public void hasNoDomainIfTheDnCannotBeSplitOneWay() {
        // RFC 2253 quoting and ';' separators, which RFC 4514 dropped: rp does not guess which one a server reads
        assertDomain(null, "cn=\"Smith, John\",dc=example,dc=com");
        assertDomain(null, "cn=\"Smith\",dc=example,dc=com");
        assertDomain(null, "cn=x;dc=evil,dc=example,dc=com");
        assertDomain(null, "cn=admin,,dc=com");
        assertDomain(null, "cn=admin,dc=example,dc=com,");
        assertDomain(null, "admin,dc=example,dc=com");
        assertDomain(null, "=admin,dc=example,dc=com");
        assertDomain(null, "c\\n=admin,dc=example,dc=com");
        assertDomain(null, "cn=admin\\");
    }

    @Test
    public void multiValuedRdnIsNotADomainComponent() {
        assertDomain("com", "dc=example+cn=x,dc=com");
        assertDomain("com", "cn=x+dc=example,dc=com");
    }

    @Test
    public void aDnWithAnAtSignIsStillADn() {
        assertDomain("corp.com", "cn=alice@example.com,dc=corp,dc=com");
    }

    @Test
    public void takesTheDomainOfAUserPrincipalName() {
        assertDomain("example.com", "alice@example.com");
        assertDomain("xx.xxx.xxxxx.net", "xxxxxxxxxxx@XX.xxx.xxxxx.NET");
        assertDomain("localhost", "alice@localhost");
        String longest = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61);
        assertDomain(longest, "alice@" + longest);
    }

    @Test
    public void hasNoDomainForAMalformedUserPrincipalName() {
        assertDomain(null, "alice@");
        assertDomain(null, "@example.com");
        assertDomain(null, "a@b@example.com");
        assertDomain(null, "alice@example.com.");
        assertDomain(null, "alice@.example.com");
        assertDomain(null, "alice@a..com");
        assertDomain(null, "alice@exa mple.com");
        assertDomain(null, "alice@" + "a".repeat(64) + ".com");
        // 259 octets, over the 253 a name may have
        assertDomain(null, "alice@" + ("a".repeat(63) + ".").repeat(4) + "abc");
    }

    @Test
    public void plainNamesHaveNoDomain() {
        assertDomain(null, "User1");
        assertDomain(null, "EXAMPLE\\alice");
        assertDomain(null, "");
    }

    private static void assertDomain(String expected, String name) {
        byte[] bytes = ("xx" + name + "yy").getBytes(StandardCharsets.UTF_8);
        ByteBuffer in = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        assertEquals(name, expected, BindNameDomain.of(in, 2, bytes.length - 2));
    }
}
