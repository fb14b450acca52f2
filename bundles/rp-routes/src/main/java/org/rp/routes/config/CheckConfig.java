package org.rp.routes.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of {@code rp.check}; values are read strictly by {@link CheckSettings#parse}. */
@ObjectClassDefinition(name = "rp pre-flight checks", description = "What rp:check compares the configuration with")
public @interface CheckConfig {
    @AttributeDefinition(description = "The NAT router's public addresses (IPv4 and/or IPv6) that the rules' DNS"
            + " names must resolve to; empty: only check that they resolve", required = false)
    String public_address();

    @AttributeDefinition(description = "Time allowed for each DNS lookup, connect and TLS handshake, in ms")
    int timeout_ms() default 3000;

    @AttributeDefinition(description = "Warn when a certificate expires within this many days")
    int certificate_warn_days() default 30;
}
