package io.scorehouse.lakehouse.config;

import java.util.List;
import java.util.Optional;

/**
 * The versioned contract of one curated input dataset, {@code conf/contracts/<table>.yaml}: every
 * column with its type, nullability and classification. A pinned input version must match it
 * exactly (no extra, missing or re-typed column); a pipeline may allow-list only contracted
 * columns and never a {@code pii} one. Validated by {@link DatasetContracts}.
 *
 * @param name    the table name inside {@code curated} (the file name)
 * @param version bumped on every change of the columns; recorded with the contract's digest
 * @param owner   who answers for the dataset
 */
public record DatasetContract(String name, Integer version, String owner, List<Column> columns)
        implements DefinitionDirectory.Named {

    public DatasetContract {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /**
     * @param type           the Spark SQL type name ({@code string}, {@code double}, {@code int},
     *                       {@code bigint}, {@code timestamp}, {@code date}, …)
     * @param classification {@code key}, {@code pii}, {@code feature}, {@code attribute} or {@code time}
     */
    public record Column(String name, String type, Boolean nullable, Classification classification) {}

    /** What a column holds, which decides who may read it. */
    public enum Classification {
        KEY,
        PII,
        FEATURE,
        ATTRIBUTE,
        TIME
    }

    /** The dataset this contract governs, {@code curated.<name>}. */
    public String dataset() {
        return DatasetContracts.DATABASE + "." + name;
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }
}
