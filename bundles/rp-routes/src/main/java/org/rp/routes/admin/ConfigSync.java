package org.rp.routes.admin;

import java.nio.file.Path;
import java.util.Map;

/** What must follow a configuration file at once, besides the file itself. */
interface ConfigSync {
    /**
     * The file now says these properties.
     *
     * @param pid the configuration to make if the file has none yet
     */
    void written(Path file, String pid, Map<String, String> properties);

    /** Deletes the file and what follows it. */
    void delete(Path file);
}
