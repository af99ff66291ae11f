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
     * Calls the static no-argument {@code factory} of {@code owner} in a fresh JVM (its own hash
     * seeds) and asserts that the evidence it returns is written as exactly {@code expected}.
     */
    public static void sameBytesInAnotherJvm(Class<?> owner, String factory, byte[] expected)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Printer.class.getName(),
                        owner.getName(),
                        factory)
                .start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = process.getInputStream()) {
            in.transferTo(out);
        }
        assertThat(process.waitFor())
                .as(new String(process.getErrorStream().readAllBytes()))
                .isZero();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new String(expected, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The other JVM's side: prints {@code EvidenceJson.bytes} of what {@code args[0].args[1]()} returns. */
    public static final class Printer {
        public static void main(String[] args) throws ReflectiveOperationException {
            java.lang.reflect.Method factory = Class.forName(args[0]).getDeclaredMethod(args[1]);
            factory.setAccessible(true);
            byte[] bytes = EvidenceJson.bytes(factory.invoke(null));
            System.out.write(bytes, 0, bytes.length);
            System.out.flush();
        }
    }
}
