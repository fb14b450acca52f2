/**
 * What operators manage and look at: listeners and rules as configuration, presets, the port map, pre-flight checks,
 * live state.
 */
@Export
@Version("0.2.0")
package org.rp.api.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
