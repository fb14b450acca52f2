package org.rp.routes.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import org.rp.api.Facts;
import org.rp.api.RejectReason;
import org.rp.api.route.Decision;

/**
 * {@code check.certificate}: a rule relays a TLS client only if its certificate chains to the trust store and names
 * (as CN or subject alternative name) the user or registration the first message claims: the SIP From user, the
 * H.323 endpoint alias, the LDAP bind user. innovaphone devices carry their hardware id as CN and register with it.
 * A first message that claims no user (HTTP, TLS pass-through) needs a valid certificate only.
 */
public final class ClientCertificateCheck {
    private static final int SAN_EMAIL = 1;
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    private ClientCertificateCheck() {
    }

    /** @return {@code relay} if the client's certificate passes, else a CERTIFICATE_CHECK_FAILED rejection */
    public static Decision check(Channel client, Facts facts, Decision.Relay relay, List<X509Certificate> anchors) {
        SslHandler ssl = client.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return refuse(relay, "rule " + relay.rule().name()
                    + " checks certificates, but the listener does not terminate TLS");
        }
        Certificate[] chain;
        try {
            chain = ssl.engine().getSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return refuse(relay, "no client certificate");
        }
        X509Certificate leaf = (X509Certificate) chain[0];
        String invalid = invalidAgainst(chain, anchors);
        try {
            leaf.checkValidity();
        } catch (java.security.cert.CertificateException e) {
            invalid = "not valid now (" + leaf.getNotBefore() + " to " + leaf.getNotAfter() + ")";
        }
        if (invalid != null) {
            return refuse(relay, "client certificate " + leaf.getSubjectX500Principal().getName() + ": " + invalid);
        }
        String claimed = claimedUser(facts);
        if (claimed != null && !identities(leaf).contains(claimed.toLowerCase(Locale.ROOT))) {
            return refuse(relay, "client certificate " + leaf.getSubjectX500Principal().getName() + " does not name '"
                    + claimed + "'");
        }
        return relay;
    }

    /** The user or registration name a first message claims, or {@code null} if its protocol has none. */
    static String claimedUser(Facts facts) {
        switch (facts.protocol()) {
            case SIP:
                return facts.attribute("sip.from.user");
            case H323: {
                String alias = facts.attribute("h225.h323_ID");
                if (alias == null) {
                    alias = facts.attribute("h225.dialledDigits");
                }
                return alias == null ? null : alias.split("\\|", 2)[0];
            }
            case LDAP:
                return bindUser(facts.bindName());
            default:
                return null;
        }
    }

    /** {@code user@domain} → user; a DN → the value of its first RDN ({@code cn=phone1,dc=example,dc=com} → phone1). */
    static String bindUser(String bindName) {
        if (bindName == null || bindName.isEmpty()) {
            return null;
        }
        int at = bindName.indexOf('@');
        if (at > 0 && bindName.indexOf('=') < 0) {
            return bindName.substring(0, at);
        }
        try {
            List<Rdn> rdns = new LdapName(bindName).getRdns();
            // LdapName lists RDNs from the right; the first of the DN is the last here
            return rdns.isEmpty() ? null : String.valueOf(rdns.get(rdns.size() - 1).getValue());
        } catch (InvalidNameException e) {
            return bindName;
        }
    }

    /** CN and the DNS, e-mail and URI subject alternative names, lower case. */
    static Set<String> identities(X509Certificate certificate) {
        Set<String> names = new HashSet<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT));
                }
            }
            if (certificate.getSubjectAlternativeNames() != null) {
                for (List<?> san : certificate.getSubjectAlternativeNames()) {
                    int type = (Integer) san.get(0);
                    if (type == SAN_DNS || type == SAN_EMAIL || type == SAN_URI) {
                        names.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (InvalidNameException | java.security.cert.CertificateParsingException e) {
            // an unreadable name identifies nobody
        }
        return names;
    }

    /** @return why the chain does not validate against the anchors (PKIX, no revocation check), or null */
    private static String invalidAgainst(Certificate[] chain, List<X509Certificate> anchors) {
        if (anchors.isEmpty()) {
            return "the trust store is empty (rp:cert-trust)";
        }
        try {
            Set<TrustAnchor> trustAnchors = new HashSet<>();
            for (X509Certificate anchor : anchors) {
                trustAnchors.add(new TrustAnchor(anchor, null));
            }
            PKIXParameters parameters = new PKIXParameters(trustAnchors);
            parameters.setRevocationEnabled(false);
            List<Certificate> path = new ArrayList<>(Arrays.asList(chain));
            // a client that sends the anchor itself: the path ends below it
            path.removeIf(c -> anchors.contains(c));
            if (path.isEmpty()) {
                return null;
            }
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return null;
        } catch (GeneralSecurityException e) {
            return e.getMessage();
        }
    }

    private static Decision refuse(Decision.Relay relay, String detail) {
        return new Decision.Reject(RejectReason.CERTIFICATE_CHECK_FAILED, detail, relay.rule().name());
    }
}
