package io.scorehouse.lakehouse.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code conf/catalog.yaml}: per lakehouse table ({@code namespace.table}), the properties that
 * describe it — owner, lifecycle classification, sensitivity, purpose, contract, retention column.
 */
public record CatalogMetadata(Map<String, Map<String, String>> tables) {
    public static final String FILE = "catalog.yaml";
    public static final String CLASSIFICATION = "classification";
    public static final String RETENTION_COLUMN = "retention_column";
    private static final List<String> CLASSIFICATIONS = List.of("operational", "shadow", "recon", "audit");

    public CatalogMetadata {
        tables = tables == null ? Map.of() : Map.copyOf(new TreeMap<>(tables));
    }

    public static CatalogMetadata load(Path confDir) {
        Path file = confDir.resolve(FILE);
        YamlBinder yaml = new YamlBinder();
        CatalogMetadata metadata = yaml.bind(
                yaml.readTree(file, "catalog metadata file", "the tables' owners and classifications"),
                CatalogMetadata.class,
                file,
                "");
        metadata.tables.forEach((table, properties) -> {
            String classification = properties.get(CLASSIFICATION);
            if (!CLASSIFICATIONS.contains(classification)) {
                throw new ConfigException(file + ": tables." + table + ".classification must be one of "
                        + CLASSIFICATIONS + ", got " + classification);
            }
            if (!"audit".equals(classification) && !properties.containsKey(RETENTION_COLUMN)) {
                throw new ConfigException(file + ": tables." + table + " needs retention_column (rows of a "
                        + classification + " table expire by age)");
            }
        });
        return metadata;
    }

    /** The properties of {@code table}, empty when the catalog file does not describe it. */
    public Map<String, String> of(String table) {
        return tables.getOrDefault(table, Map.of());
    }
}
