package io.scorehouse.lakehouse.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Loads and validates {@code conf/contracts/<table>.yaml}; every problem names the file and key. */
public final class DatasetContracts extends DefinitionDirectory<DatasetContract> {
    public static final String DIRECTORY = "contracts";
    static final String DATABASE = "curated";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern TYPE = Pattern.compile("[a-z]+(\\([0-9, ]+\\))?");

    public DatasetContracts(Path confDir) {
        super(confDir, DIRECTORY, "dataset contract", DatasetContract.class);
    }

    /** The contract of {@code dataset} ({@code curated.<table>}); a config error when there is none. */
    public DatasetContract forDataset(String dataset) {
        if (!dataset.startsWith(DATABASE + ".")) {
            throw new ConfigException(dataset + " is not a curated dataset; only curated.* datasets have contracts");
        }
        return load(dataset.substring(DATABASE.length() + 1));
    }

    /** Every column any contract classifies {@code pii}: what no output may carry. */
    public java.util.Set<String> piiColumns() {
        java.util.Set<String> pii = new java.util.TreeSet<>();
        for (String name : names()) {
            load(name).columns().stream()
                    .filter(c -> c.classification() == DatasetContract.Classification.PII)
                    .forEach(c -> pii.add(c.name()));
        }
        return pii;
    }

    @Override
    protected void validate(DatasetContract contract, Path file, String name) {
        ConfigProblems problems = new ConfigProblems(file);
        problems.require(contract.version() != null && contract.version() > 0, "version", "must be a positive integer");
        problems.require(
                contract.owner() != null && !contract.owner().isBlank(), "owner", "must name who answers for it");
        problems.require(!contract.columns().isEmpty(), "columns", "must list every column of the dataset");
        Set<String> seen = new HashSet<>();
        for (DatasetContract.Column column : contract.columns()) {
            String key = "columns." + column.name();
            problems.require(
                    column.name() != null && IDENTIFIER.matcher(column.name()).matches(),
                    "columns",
                    "'" + column.name() + "' is not a column name");
            problems.require(seen.add(column.name()), key, "is listed twice");
            problems.require(
                    column.type() != null && TYPE.matcher(column.type()).matches(),
                    key + ".type",
                    "must be a Spark SQL type name, got '" + column.type() + "'");
            problems.require(column.nullable() != null, key + ".nullable", "must be true or false");
            problems.require(
                    column.classification() != null,
                    key + ".classification",
                    "must be key, pii, feature, attribute or time");
        }
    }
}
