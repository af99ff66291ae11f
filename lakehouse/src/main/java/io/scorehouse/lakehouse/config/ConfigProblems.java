package io.scorehouse.lakehouse.config;

import java.nio.file.Path;

/** Validation of one definition file: the first broken rule is a ConfigException naming the file and key. */
record ConfigProblems(Path file) {
    void require(boolean condition, String key, String problem) {
        if (!condition) {
            throw new ConfigException("key '" + key + "' in " + file + " " + problem);
        }
    }

    void present(Object section, String key) {
        if (section == null) {
            throw new ConfigException("missing required section '" + key + "' in " + file);
        }
    }
}
