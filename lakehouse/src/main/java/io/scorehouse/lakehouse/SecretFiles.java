package io.scorehouse.lakehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Development secrets of the embedded profile: created once, owner-only (0600), atomically (a
 * concurrent process either creates the file or uses the one that won), and announced loudly.
 * Production secrets are files rendered by a Vault agent; scorehouse never creates those.
 */
public final class SecretFiles {
    private static final Logger LOG = LogManager.getLogger(SecretFiles.class);

    private SecretFiles() {}

    /** Writes {@code content} to {@code file} unless it exists; returns whether this call created it. */
    public static boolean createDevSecret(Path file, byte[] content, String what) {
        if (Files.exists(file)) {
            return false;
        }
        try {
            Path parent = Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(
                    parent,
                    ".secret",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temp, content);
            try {
                Files.move(temp, file);
            } catch (FileAlreadyExistsException raced) {
                Files.delete(temp);
                return false;
            }
            String warning = "WARNING: generated a DEVELOPMENT " + what + " at " + file
                    + " — fine for the embedded demo, proves nothing outside this machine.";
            Progress.step(warning);
            LOG.warn(warning);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the development " + what + " " + file, e);
        }
    }
}
