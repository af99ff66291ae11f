package io.scorehouse.lakehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A directory of named YAML definitions under conf/ ({@code pipelines/}, {@code models/}): listing and binding by name. */
final class DefinitionFiles {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final Path directory;
    private final String kind;
    private final YamlBinder yaml = new YamlBinder();

    DefinitionFiles(Path directory, String kind) {
        this.directory = directory;
        this.kind = kind;
    }

    List<String> names() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    Path file(String name) {
        return directory.resolve(name + ".yaml");
    }

    /** Binds {@code <name>.yaml}; an unknown name is a ConfigException listing the known ones. */
    <T> T load(String name, Class<T> type) {
        if (!NAME.matcher(String.valueOf(name)).matches() || !names().contains(name)) {
            throw new ConfigException("unknown " + kind + " '" + name + "' (defined in " + directory + ": "
                    + String.join(", ", names()) + ")");
        }
        Path file = file(name);
        JsonNode root = yaml.readTree(file, kind + " file", "");
        return yaml.bind(root, type, file, "");
    }
}
