/**
 * The sniffer SPI: a sniffer looks at the bytes a connection has sent so far and says whether they are its
 * protocol's first message, and if so what it found.
 */
@Export
@Version("0.1.0")
package org.rp.api.sniff;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
