package io.scorehouse.lakehouse.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of named YAML definitions under conf/ ({@code pipelines/}, {@code models/}): listing,
 * binding by name and the subclass's validation, so every problem names the file and key.
 */
public abstract class DefinitionDirectory<T extends DefinitionDirectory.Named> {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final Path directory;
    private final String kind;
    private final Class<T> type;
    private final YamlBinder yaml = new YamlBinder();

    protected DefinitionDirectory(Path confDir, String subdirectory, String kind, Class<T> type) {
        this.directory = confDir.resolve(subdirectory);
        this.kind = kind;
        this.type = type;
    }

    /** The names defined here (file names without {@code .yaml}), sorted. */
    public List<String> names() {
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

    /** The validated definition {@code name}; an unknown name is a ConfigException listing the known ones. */
    public T load(String name) {
        if (!defines(name)) {
            throw unknown(name);
        }
        Path file = directory.resolve(name + ".yaml");
        T definition = yaml.bind(yaml.readTree(file, kind + " file", ""), type, file, "");
        new ConfigProblems(file)
                .require(
                        name.equals(definition.name()),
                        "name",
                        "must be '" + name + "' (the file name), got '" + definition.name() + "'");
        validate(definition, file, name);
        return definition;
    }

    /** Whether {@code name} is defined here. */
    public boolean defines(String name) {
        return NAME.matcher(String.valueOf(name)).matches() && names().contains(name);
    }

    /** {@code sha256:} of the definition file {@code name} as it is on disk (what a run pins). */
    public String digest(String name) {
        if (!defines(name)) {
            throw unknown(name);
        }
        return io.scorehouse.lakehouse.Digests.of(directory.resolve(name + ".yaml"));
    }

    private ConfigException unknown(String name) {
        return new ConfigException("unknown " + kind + " '" + name + "' (defined in " + directory + ": "
                + String.join(", ", names()) + ")");
    }

    /** A definition names itself; the name must be its file's. */
    public interface Named {
        String name();
    }

    /** Throws a ConfigException naming {@code file} and the key of the first problem (the name is checked already). */
    protected abstract void validate(T definition, Path file, String name);
}
