/**
 * What rp knows about a connection's first message: the protocol it speaks and the routing facts found in it.
 */
@Export
@Version("0.2.0")
package org.rp.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
