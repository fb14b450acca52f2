package org.rp.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a sniffer found in a first message. {@link #host()} is the routing key that rules are matched against
 * (HTTP Host, TLS SNI, SIP domain, H.323 gatekeeper identifier or alias domain, LDAP bind domain); the other
 * fields are the facts it came from. Absent facts are {@code null} (or an empty list).
 * <p>
 * {@link #attributes()} holds the remaining details a sniffer reports, for logs and checks, named after
 * Wireshark's display fields where one exists ({@code tls.handshake.version}, {@code ldap.op}, {@code sip.method},
 * {@code q931.msg}, ...).
 */
public final class Facts {
    private final Protocol protocol;
    private final String host;
    private final String path;
    private final HttpHead http;
    private final String sni;
    private final List<String> alpn;
    private final String bindName;
    private final String sipDomain;
    private final String gatekeeperId;
    private final String alias;
    /** Names and values alternating, in the order reported: a match costs one array, not a map of entries. */
    private final String[] attributes;
    private final int attributeCount;

    private Facts(Builder b) {
        this.protocol = Objects.requireNonNull(b.protocol, "protocol");
        this.host = b.host;
        this.path = b.path;
        this.http = b.http;
        this.sni = b.sni;
        this.alpn = b.alpn == null ? List.of() : List.copyOf(b.alpn);
        this.bindName = b.bindName;
        this.sipDomain = b.sipDomain;
        this.gatekeeperId = b.gatekeeperId;
        this.alias = b.alias;
        this.attributes = b.attributes;
        this.attributeCount = b.attributeCount;
        // the builder must not change what this object now owns
        b.attributes = null;
        b.attributeCount = 0;
    }

    public static Builder builder(Protocol protocol) {
        return new Builder(protocol);
    }

    public Protocol protocol() {
        return protocol;
    }

    /** The routing key, lower case, without port or trailing dot; {@code null} if the message carries none. */
    public String host() {
        return host;
    }

    /** HTTP: the normalised request path (no query), which allowed path prefixes are matched against. */
    public String path() {
        return path;
    }

    /** HTTP: the request head's framing facts. */
    public HttpHead http() {
        return http;
    }

    public String sni() {
        return sni;
    }

    public List<String> alpn() {
        return alpn;
    }

    public String bindName() {
        return bindName;
    }

    public String sipDomain() {
        return sipDomain;
    }

    public String gatekeeperId() {
        return gatekeeperId;
    }

    /** H.323: the destination alias a call is routed by. */
    public String alias() {
        return alias;
    }

    /** Further details by name, in the order the sniffer reported them; never {@code null}. Built on each call. */
    public Map<String, String> attributes() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < attributeCount; i += 2) {
            map.putIfAbsent(attributes[i], attributes[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** @return the detail called {@code name}, or {@code null} */
    public String attribute(String name) {
        for (int i = 0; i < attributeCount; i += 2) {
            if (attributes[i].equals(name)) {
                return attributes[i + 1];
            }
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(protocol.configName());
        append(s, "host", host);
        append(s, "path", path);
        append(s, "sni", sni);
        append(s, "alpn", alpn.isEmpty() ? null : String.join("|", alpn));
        append(s, "bind", bindName);
        append(s, "sip", sipDomain);
        append(s, "gk", gatekeeperId);
        append(s, "alias", alias);
        for (int i = 0; i < attributeCount; i += 2) {
            append(s, attributes[i], attributes[i + 1]);
        }
        return s.toString();
    }

    private static void append(StringBuilder s, String name, String value) {
        if (value != null) {
            s.append(' ').append(name).append('=').append(value);
        }
    }

    public static final class Builder {
        private final Protocol protocol;
        private String host;
        private String path;
        private HttpHead http;
        private String sni;
        private List<String> alpn;
        private String bindName;
        private String sipDomain;
        private String gatekeeperId;
        private String alias;
        private String[] attributes;
        private int attributeCount;

        private Builder(Protocol protocol) {
            this.protocol = protocol;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public Builder http(HttpHead http) {
            this.http = http;
            return this;
        }

        public Builder sni(String sni) {
            this.sni = sni;
            return this;
        }

        public Builder alpn(List<String> alpn) {
            this.alpn = alpn;
            return this;
        }

        public Builder bindName(String bindName) {
            this.bindName = bindName;
            return this;
        }

        public Builder sipDomain(String sipDomain) {
            this.sipDomain = sipDomain;
            return this;
        }

        public Builder gatekeeperId(String gatekeeperId) {
            this.gatekeeperId = gatekeeperId;
            return this;
        }

        public Builder alias(String alias) {
            this.alias = alias;
            return this;
        }

        /** Adds a detail (a name reported twice keeps its first value); a {@code null} value is left out. */
        public Builder attribute(String name, String value) {
            Objects.requireNonNull(name, "name");
            if (value == null) {
                return this;
            }
            if (attributes == null) {
                attributes = new String[16];
            } else if (attributeCount == attributes.length) {
                attributes = Arrays.copyOf(attributes, attributeCount * 2);
            }
            attributes[attributeCount++] = name;
            attributes[attributeCount++] = value;
            return this;
        }

        public Facts build() {
            return new Facts(this);
        }
    }
}
