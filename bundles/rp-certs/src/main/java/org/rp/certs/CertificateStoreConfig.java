package org.rp.certs;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Metatype of {@code rp.certs} ({@code etc/rp.certs.cfg}): where the store keeps its files. */
@ObjectClassDefinition(id = CertificateStoreComponent.PID, name = "rp certificate store",
        description = "Certificates, keys, signing requests and trust anchors of rp")
public @interface CertificateStoreConfig {
    @AttributeDefinition(description = "Directory of the store (made owner-only); ${karaf.etc} is Karaf's etc"
            + " directory")
    String directory() default "${karaf.etc}/rp-certs";

    @AttributeDefinition(name = "default.common.name", description = "CN of the self-signed certificate 'default'"
            + " made on first start and of requests that name none; empty = this machine's host name")
    String default_common_name() default "";
}
