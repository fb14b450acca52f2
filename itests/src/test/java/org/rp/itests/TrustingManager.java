package org.rp.itests;

import java.security.cert.X509Certificate;

import javax.net.ssl.X509TrustManager;

/** For TLS clients and servers in tests that check the certificates themselves: the handshake accepts any. */
final class TrustingManager implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
