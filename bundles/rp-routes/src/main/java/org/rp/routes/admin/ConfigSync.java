package org.rp.routes.admin;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What must follow a configuration file at once, besides the file itself. */
interface ConfigSync {
    /**
     * The file now says these properties.
     *
     * @param pid the configuration to make if the file has none yet
     */
    void written(Path file, String pid, Map<String, String> properties);

    /**
     * What is in force for the file, when that can be newer than the file: the file installer writes each update
     * back into the file, merging the configuration it read a moment earlier, so right after a change the file can
     * briefly show the version before it.
     *
     * @return the properties of the file's configuration, without the framework's keys; empty if it has none
     */
    Optional<Map<String, String>> inForce(Path file);

    /** Deletes the file and what follows it. */
    void delete(Path file);
}
