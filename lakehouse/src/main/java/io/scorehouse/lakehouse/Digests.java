package io.scorehouse.lakehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests, written {@code sha256:<64 hex>} wherever scorehouse records one. */
public final class Digests {
    public static final String PREFIX = "sha256:";

    private Digests() {}

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(Path file) {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** {@code sha256:<hex>} of a file. */
    public static String of(Path file) {
        return PREFIX + sha256Hex(file);
    }

    /** {@code sha256:<hex>} of bytes. */
    public static String of(byte[] bytes) {
        return PREFIX + sha256Hex(bytes);
    }

    /** {@code value} if it is a {@code sha256:<64 hex>} digest; else an IllegalArgumentException naming {@code what}. */
    public static String require(String value, String what) {
        if (!isDigest(value)) {
            throw new IllegalArgumentException("not a " + what + " (sha256:<64 hex>): " + value);
        }
        return value;
    }

    public static boolean isDigest(String value) {
        return value != null && value.matches("sha256:[0-9a-f]{64}");
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
