/** What operators manage and look at: listeners and rules as configuration, presets, the port map, live state. */
@Export
@Version("0.1.0")
package org.rp.api.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
