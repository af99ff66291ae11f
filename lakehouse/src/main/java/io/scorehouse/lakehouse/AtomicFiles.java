package io.scorehouse.lakehouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files readers see whole or not at all: written aside in the same directory, then renamed over the target. */
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void replace(Path target, String content) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path aside = Files.createTempFile(
                target.toAbsolutePath().getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(aside, content, StandardCharsets.UTF_8);
            Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(aside);
        }
    }
}
