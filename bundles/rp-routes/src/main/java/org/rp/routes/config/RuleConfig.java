package org.rp.routes.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of {@code rp.rule}; values are read strictly by {@link RuleParser#parse}. */
@ObjectClassDefinition(pid = "rp.rule", name = "rp rule",
        description = "An allowed host (and HTTP paths) and the upstream its connections are relayed to")
public @interface RuleConfig {
    @AttributeDefinition(description = "Name the first message must carry: DNS name, *.wildcard, IP, gatekeeper id, alias")
    String host();

    @AttributeDefinition(description = "Listener names this rule applies to; empty = all", required = false)
    String listeners();

    @AttributeDefinition(description = "HTTP only: allowed path prefixes")
    String paths() default "/";

    @AttributeDefinition(description = "Upstream address or name")
    String target_host();

    @AttributeDefinition(description = "Upstream port for TCP")
    int target_port();

    @AttributeDefinition(description = "Upstream port when the internal leg is TLS", required = false)
    int target_tls_port();

    @AttributeDefinition(description = "same, tcp or tls")
    String target_transport() default "same";

    @AttributeDefinition(description = "Verify the upstream's certificate")
    boolean target_verify() default true;

    @AttributeDefinition(description = "Certificate rp presents to a TLS upstream", required = false)
    String client_certificate();

    @AttributeDefinition(description = "Require a client certificate whose identity equals the user in the first message")
    boolean check_certificate() default false;

    @AttributeDefinition(description = "HTTP: add X-Forwarded-For, X-Forwarded-Proto and Forwarded")
    boolean forwarded_headers() default true;

    @AttributeDefinition(description = "none, v1 or v2")
    String proxy_protocol() default "none";
}
