package org.rp.routes.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of {@code rp.blacklist}; values are read strictly by {@link BlacklistSettings#parse}. */
@ObjectClassDefinition(name = "rp blacklist",
        description = "Sources closed at accept: static ranges, and sources that send too many suspicious requests")
public @interface BlacklistConfig {
    @AttributeDefinition(description = "A source with more suspicious first messages than this in a minute is blocked")
    int suspicious_per_minute() default 20;

    @AttributeDefinition(description = "How long an automatic block lasts, in minutes")
    int block_minutes() default 10;

    @AttributeDefinition(name = "static", description = "Addresses or CIDR ranges always refused (IPv4 and IPv6)",
            required = false)
    String fixed();

    @AttributeDefinition(description = "Addresses or CIDR ranges never blocked automatically", required = false)
    String exempt();
}
