/** Protection at accept: the blacklist of client addresses. */
@Export
@Version("0.1.0")
package org.rp.api.guard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
