package io.scorehouse.gates.signing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scorehouse.lakehouse.IntegrityException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * An in-toto Statement v1: what was signed (subjects: names and sha256 digests) and a typed
 * predicate saying what is claimed about them.
 */
public record InTotoStatement(
        @JsonProperty("_type") String type,
        List<Subject> subject,
        String predicateType,
        Map<String, Object> predicate) {
    public static final String TYPE = "https://in-toto.io/Statement/v1";
    public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public InTotoStatement {
        requireNonNull(type, "type is null");
        subject = List.copyOf(subject);
        requireNonNull(predicateType, "predicateType is null");
        predicate = predicate == null ? Map.of() : predicate;
    }

    public static InTotoStatement of(List<Subject> subjects, String predicateType, Map<String, Object> predicate) {
        return new InTotoStatement(TYPE, subjects, predicateType, predicate);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InTotoStatement parse(byte[] json) {
        try {
            InTotoStatement statement = JSON.readValue(json, InTotoStatement.class);
            if (!TYPE.equals(statement.type())) {
                throw new IntegrityException("signature", "payload is not an in-toto Statement v1");
            }
            return statement;
        } catch (IOException e) {
            throw new IntegrityException("signature", "payload is not a readable in-toto statement");
        }
    }

    /** The sha256 (hex) the statement records for {@code name}, or null. */
    public String digestOf(String name) {
        return subject.stream()
                .filter(s -> s.name().equals(name))
                .map(s -> s.digest().get("sha256"))
                .findFirst()
                .orElse(null);
    }

    public record Subject(String name, Map<String, String> digest) {
        public static Subject sha256(String name, String hex) {
            return new Subject(name, Map.of("sha256", hex));
        }
    }
}
