package io.scorehouse.lakehouse.evidence;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Evidence sets as directories under {@code <home>/evidence}. A set is staged in a sibling
 * directory and renamed into place in one atomic move, which fails if the name exists: readers
 * never see half a set, and nothing is overwritten.
 */
public final class LocalEvidenceStore implements EvidenceStore {
    private static final Pattern NAME =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}(/[A-Za-z0-9][A-Za-z0-9._-]{0,99}){0,3}");

    private final Path root;

    public LocalEvidenceStore(Path root) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
    }

    @Override
    public Path stage(String name) {
        check(name);
        try {
            Path staging = root.resolve(".staging");
            Files.createDirectories(staging);
            return Files.createDirectory(staging.resolve(name.replace('/', '_') + "-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage evidence " + name + " under " + root, e);
        }
    }

    @Override
    public Path publish(String name, Path staged) {
        Path target = root.resolve(check(name));
        try {
            Files.createDirectories(target.getParent());
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            throw new IllegalStateException(
                    "evidence " + name + " is already published; evidence is never overwritten", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish evidence " + name + " under " + root, e);
        }
    }

    @Override
    public Optional<Path> find(String name) {
        Path set = root.resolve(check(name));
        return Files.isDirectory(set) ? Optional.of(set) : Optional.empty();
    }

    @Override
    public List<String> list(String prefix) {
        Path directory = root.resolve(check(prefix));
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> sets = Files.list(directory)) {
            return sets.filter(Files::isDirectory)
                    .map(set -> prefix + "/" + set.getFileName())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list evidence under " + directory, e);
        }
    }

    private static String check(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an evidence name: '" + name + "'");
        }
        return name;
    }
}
