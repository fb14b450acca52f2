package org.rp.routes.tls;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.Mapping;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rp.api.cert.CertificateInfo;
import org.rp.api.cert.CertificateStore;
import org.rp.api.cert.KeyedCertificate;
import org.rp.api.route.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS contexts of rp, built from the certificate store: for listeners that terminate TLS (picked per handshake by
 * the client's SNI) and for TLS towards upstreams. TLS 1.2 and 1.3 only, AEAD cipher suites with forward secrecy
 * only. OpenSSL (Netty's BoringSSL) when it loads, the JDK's TLS otherwise; the log says which.
 * <p>
 * Contexts are built on first use and kept until the store's revision changes, so a replaced certificate serves the
 * next handshake, while established connections keep the session they have. The store is a dynamic reference: the
 * certificate bundle can be updated without touching the listeners.
 */
@Component(service = TlsContexts.class, immediate = true)
public class TlsContexts {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** TLS 1.3's suites, then TLS 1.2's ECDHE with AES-GCM or ChaCha20-Poly1305: no CBC, no RSA key exchange, no SHA-1. */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final ApplicationProtocolConfig HTTP_1_1 = new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_1_1);

    private final SslProvider provider;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CertificateStore store;

    /** The contexts built for one store at one revision; replaced as a whole when either changes. */
    private record Built(CertificateStore store, long revision, Map<Object, SslContext> contexts) {
    }

    private record ServerKey(String certificate, boolean requestClientCertificate, boolean http) {
    }

    private record ClientKey(String certificate, boolean verify) {
    }

    private volatile Built built = new Built(null, -1, Map.of());

    @Activate
    public TlsContexts() {
        provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        LOG.info("TLS provider: {}", provider == SslProvider.OPENSSL
                ? "OpenSSL (" + OpenSsl.versionString() + ")"
                : "JDK (OpenSSL unavailable: " + OpenSsl.unavailabilityCause() + ")");
    }

    public SslProvider provider() {
        return provider;
    }

    /**
     * The server contexts of a TLS listener, by the client's SNI: the listener's own certificate if it covers the
     * name, else a certificate whose DNS names include it, else one whose wildcard covers it, else (and for clients
     * without SNI) the listener's certificate.
     *
     * @param requestClientCertificate ask the client for a certificate (a rule of the listener checks it)
     */
    public Mapping<String, SslContext> server(String listenerCertificate, boolean requestClientCertificate,
                                              boolean http) {
        return hostName -> context(new ServerKey(certificateFor(hostName, listenerCertificate, storeOrFail().list()),
                requestClientCertificate, http));
    }

    /** The context for TLS towards a target: verification against the trust store, rp's client certificate. */
    public SslContext client(Target target) {
        return context(new ClientKey(target.clientCertificate(), target.verify()));
    }

    /** @return the store's trust anchors, for checking client certificates */
    public List<X509Certificate> trustAnchors() {
        return storeOrFail().trustAnchors();
    }

    static String certificateFor(String hostName, String listenerCertificate, List<CertificateInfo> certificates) {
        if (hostName == null) {
            return listenerCertificate;
        }
        String host = hostName.toLowerCase(Locale.ROOT);
        String exact = null;
        String wildcard = null;
        for (CertificateInfo info : certificates) {
            if (info.chainLength() > 0 && info.covers(host)) {
                if (info.name().equals(listenerCertificate)) {
                    return listenerCertificate;
                }
                if (exact == null && info.dnsNames().stream().anyMatch(host::equalsIgnoreCase)) {
                    exact = info.name();
                } else if (wildcard == null) {
                    wildcard = info.name();
                }
            }
        }
        return exact != null ? exact : wildcard != null ? wildcard : listenerCertificate;
    }

    private SslContext context(Object key) {
        CertificateStore current = storeOrFail();
        Built snapshot = built;
        long revision = current.revision();
        if (snapshot.store() != current || snapshot.revision() != revision) {
            snapshot = new Built(current, revision, new ConcurrentHashMap<>());
            built = snapshot;
        }
        return snapshot.contexts().computeIfAbsent(key, k -> build(current, k));
    }

    private SslContext build(CertificateStore store, Object key) {
        try {
            if (key instanceof ServerKey server) {
                KeyedCertificate keyed = store.keyed(server.certificate()).orElseThrow(() -> new IllegalStateException(
                        "no certificate '" + server.certificate() + "' in the store (rp:cert-list)"));
                SslContextBuilder builder = SslContextBuilder.forServer(keyed.privateKey(), keyed.chain());
                if (server.requestClientCertificate()) {
                    // every client certificate is accepted in the handshake and checked against the trust store
                    // when the rule is known, so that a failure is a counted, logged refusal with its reason
                    builder.clientAuth(ClientAuth.OPTIONAL).trustManager(InsecureTrustManagerFactory.INSTANCE);
                }
                if (server.http()) {
                    builder.applicationProtocolConfig(HTTP_1_1);
                }
                return common(builder).build();
            }
            ClientKey client = (ClientKey) key;
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (client.verify()) {
                List<X509Certificate> anchors = store.trustAnchors();
                // an empty trust store means the JDK's public CAs
                if (!anchors.isEmpty()) {
                    builder.trustManager(anchors.toArray(X509Certificate[]::new));
                }
            } else {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            }
            if (client.certificate() != null) {
                KeyedCertificate keyed = store.keyed(client.certificate()).orElseThrow(() -> new IllegalStateException(
                        "no client certificate '" + client.certificate() + "' in the store (rp:cert-list)"));
                builder.keyManager(keyed.privateKey(), keyed.chain());
            }
            return common(builder).build();
        } catch (SSLException e) {
            throw new IllegalStateException("TLS context for " + key + ": " + e.getMessage(), e);
        }
    }

    private SslContextBuilder common(SslContextBuilder builder) {
        return builder.sslProvider(provider).protocols(PROTOCOLS).ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
    }

    private CertificateStore storeOrFail() {
        CertificateStore current = store;
        if (current == null) {
            throw new IllegalStateException("no certificate store: the rp-certs bundle is not running");
        }
        return current;
    }
}
