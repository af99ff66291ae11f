package io.scorehouse.lakehouse.evidence;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.scorehouse.lakehouse.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The one way evidence files (run manifest, gate reports, release manifest, recon report) are
 * written and read: each file is a record, its keys snake_case in the record's declaration order
 * (never a hash order), map entries sorted by key, instants as ISO-8601 UTC and dates as
 * {@code YYYY-MM-DD}. So the same record gives the same bytes in any JVM, and a re-run's file
 * differs from the first only in the fields that must differ.
 */
public final class EvidenceJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private EvidenceJson() {}

    /** The evidence's bytes (pretty-printed, newline-terminated). */
    public static byte[] bytes(Object evidence) {
        try {
            return (MAPPER.writeValueAsString(evidence) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serialize " + evidence.getClass().getSimpleName(), e);
        }
    }

    /** Writes {@code evidence} to {@code file} atomically (readers see the old file or the new one, never half of one). */
    public static Path write(Path file, Object evidence) {
        try {
            AtomicFiles.replace(file, new String(bytes(evidence), java.nio.charset.StandardCharsets.UTF_8));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The evidence as nested maps and lists with the file's keys and values (for templates that render it). */
    @SuppressWarnings("unchecked")
    public static java.util.Map<String, Object> asMap(Object evidence) {
        return MAPPER.convertValue(evidence, java.util.LinkedHashMap.class);
    }

    /** Reads {@code file} as a {@code type} record. */
    public static <T> T read(Path file, Class<T> type) {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " as " + type.getSimpleName(), e);
        }
    }
}
