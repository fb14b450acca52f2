package org.rp.routes.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype of {@code rp.listener} (what {@code config:edit} and tools show). Values are read strictly by
 * {@link ListenerSettings#parse}, not through this type, so that a bad value is refused rather than coerced.
 */
@ObjectClassDefinition(pid = "rp.listener", name = "rp listener",
        description = "A port rp listens on and the protocols it accepts there")
public @interface ListenerConfig {
    @AttributeDefinition(description = "TCP port")
    int port();

    @AttributeDefinition(description = "Address to bind; :: for IPv6 and IPv4")
    String bind() default "0.0.0.0";

    @AttributeDefinition(description = "Protocols accepted: http, ldap, h323, sip; tls = TLS pass-through by SNI")
    String protocols();

    @AttributeDefinition(description = "Terminate TLS on this listener")
    boolean tls() default false;

    @AttributeDefinition(description = "Certificate name in the store")
    String certificate() default "default";

    @AttributeDefinition(description = "Time allowed for the first message, in milliseconds")
    int sniff_timeout_ms() default 5000;

    @AttributeDefinition(description = "Largest first message (and HTTP request head), in bytes")
    int first_message_max_bytes() default 16384;

    @AttributeDefinition(description = "Close a relayed connection idle this long in both directions, in seconds")
    int idle_timeout_s() default 3600;

    @AttributeDefinition(description = "Connections at once on this listener")
    int max_connections() default 10000;

    @AttributeDefinition(description = "Connections at once from one client address")
    int max_connections_per_source() default 100;

    @AttributeDefinition(description = "New connections per second from one address; 0 = no limit")
    int max_new_connections_per_second_per_source() default 0;
}
