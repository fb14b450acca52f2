/** Rules and the route table that turns a first message into a decision: relay to a target, or reject. */
@Export
@Version("0.3.0")
package org.rp.api.route;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
