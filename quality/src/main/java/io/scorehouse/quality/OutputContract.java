package io.scorehouse.quality;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.scorehouse.lakehouse.config.ConfigException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The output contract as a JSON Schema (draft 2020-12, {@code conf/contracts/*.schema.json}),
 * checked on every row with the networknt validator, on the executors. Violations are reported
 * by their validator message — a JSON path and the broken keyword, never the offending value,
 * so a report can be shared without leaking what a row held.
 */
public final class OutputContract implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String DIRECTORY = "contracts";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String schemaText;
    private transient JsonSchema schema;

    private OutputContract(String name, String schemaText) {
        this.name = name;
        this.schemaText = schemaText;
    }

    /** {@code conf/contracts/<name>.schema.json}; a missing or malformed schema is a configuration error. */
    public static OutputContract load(Path confDir, String name) {
        Path file = confDir.resolve(DIRECTORY).resolve(name + ".schema.json");
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": output contract not found");
        }
        try {
            OutputContract contract = new OutputContract(name, Files.readString(file));
            contract.schema();
            return contract;
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(file + ": not a usable JSON Schema — "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    public String name() {
        return name;
    }

    /** The violations of one JSON document, as sorted messages (empty when it conforms). */
    public Set<String> violations(String json) {
        try {
            Set<String> messages = new TreeSet<>();
            for (ValidationMessage message : schema().validate(JSON.readTree(json))) {
                messages.add(message.getMessage());
            }
            return messages;
        } catch (IOException e) {
            return Set.of("$: not a JSON document");
        }
    }

    /** Checks every row of {@code rows} (as Spark renders it to JSON) in one pass. */
    public Result validate(Dataset<Row> rows) {
        OutputContract contract = this;
        FlatMapFunction<Iterator<String>, String> check = documents -> {
            List<String> out = new ArrayList<>();
            long checked = 0;
            while (documents.hasNext()) {
                checked++;
                Set<String> violations = contract.violations(documents.next());
                if (!violations.isEmpty()) {
                    // One marker per invalid row, then one per distinct message in it.
                    out.add("\u0000row");
                    out.addAll(violations);
                }
            }
            out.add("\u0000checked=" + checked);
            return out.iterator();
        };
        List<Row> counted = rows.toJSON()
                .mapPartitions(check::call, Encoders.STRING())
                .toDF("message")
                .groupBy("message")
                .count()
                .collectAsList();
        long checked = 0;
        long invalid = 0;
        Map<String, Long> messages = new LinkedHashMap<>();
        for (Row row : counted.stream()
                .sorted((a, b) -> Long.compare(b.getLong(1), a.getLong(1)))
                .toList()) {
            String message = row.getString(0);
            if (message.startsWith("\u0000checked=")) {
                checked += Long.parseLong(message.substring("\u0000checked=".length())) * row.getLong(1);
            } else if (message.equals("\u0000row")) {
                invalid = row.getLong(1);
            } else {
                messages.put(message, row.getLong(1));
            }
        }
        return new Result(name, checked, invalid, messages);
    }

    private JsonSchema schema() {
        if (schema == null) {
            try {
                JsonNode node = JSON.readTree(schemaText);
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(node);
            } catch (IOException e) {
                throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
            }
        }
        return schema;
    }

    /** How many rows were checked, how many broke the contract, and each violation with its row count. */
    public record Result(String contract, long checked, long invalid, Map<String, Long> violations) {
        public Result {
            requireNonNull(contract, "contract is null");
            violations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(violations));
        }

        public boolean passed() {
            return invalid == 0 && checked > 0;
        }
    }
}
