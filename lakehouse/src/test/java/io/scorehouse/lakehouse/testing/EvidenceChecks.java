package io.scorehouse.lakehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What every evidence file's test asserts: it round-trips, its keys are fixed, and another JVM writes the same bytes. */
public final class EvidenceChecks {
    private EvidenceChecks() {}

    /** Written and read back through {@link EvidenceJson}, {@code evidence} is equal to itself. */
    public static <T> void roundTrips(T evidence, Class<T> type) throws IOException {
        Path file = Files.createTempFile("evidence-", ".json");
        EvidenceJson.write(file, evidence);
        assertThat(EvidenceJson.read(file, type)).isEqualTo(evidence);
    }

    /** The top-level keys of {@code evidence}'s JSON, in the order they are written. */
    public static List<String> keys(Object evidence) throws IOException {
        return keys(tree(evidence));
    }

    public static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    public static JsonNode tree(Object evidence) throws IOException {
        return new ObjectMapper().readTree(EvidenceJson.bytes(evidence));
    }

    /**
     * Runs {@code printer}'s main in a fresh JVM (its own hash seeds) and asserts it prints exactly
     * {@code expected}: the printer must build the same evidence as the test and print
     * {@link EvidenceJson#bytes} of it.
     */
    public static void sameBytesInAnotherJvm(Class<?> printer, byte[] expected)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        printer.getName())
                .redirectErrorStream(false)
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = process.getInputStream()) {
            in.transferTo(out);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(new String(process.getErrorStream().readAllBytes()))
                .isZero();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new String(expected, java.nio.charset.StandardCharsets.UTF_8));
    }
}
