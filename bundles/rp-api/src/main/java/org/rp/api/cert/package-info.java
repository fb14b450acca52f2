/**
 * The certificate store: rp's own certificates with their keys (for TLS listeners and as client certificate
 * towards a PBX), pending signing requests, and the trust anchors used to verify upstreams.
 */
@Export
@Version("0.1.0")
package org.rp.api.cert;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
