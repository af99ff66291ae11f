package io.scorehouse.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetContractsTest {
    @TempDir
    Path conf;

    @Test
    void theShippedContractListsEveryColumnAndItsPii() {
        DatasetContracts contracts = new DatasetContracts(TestLakehouse.confDir());
        DatasetContract features = contracts.forDataset("curated.customer_features");
        assertThat(features.dataset()).isEqualTo("curated.customer_features");
        assertThat(features.columns()).hasSize(23);
        assertThat(features.column("tenure_days"))
                .map(DatasetContract.Column::type)
                .contains("int");
        assertThat(contracts.piiColumns()).containsExactly("email", "full_name", "tax_id");
        assertThat(contracts.digest("customer_features")).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void aBrokenContractNamesTheFileAndKey() throws IOException {
        Path dir = Files.createDirectories(conf.resolve("contracts"));
        String valid = """
                name: orders
                version: 1
                owner: data-platform
                columns:
                  - {name: id, type: string, nullable: false, classification: key}
                """;
        Files.writeString(dir.resolve("orders.yaml"), valid);
        DatasetContracts contracts = new DatasetContracts(conf);
        assertThat(contracts.forDataset("curated.orders").columns()).hasSize(1);

        Files.writeString(dir.resolve("orders.yaml"), valid.replace("type: string", "type: 'VARCHAR!'"));
        assertThatThrownBy(() -> contracts.forDataset("curated.orders"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key 'columns.id.type'")
                .hasMessageContaining("orders.yaml");
        Files.writeString(dir.resolve("orders.yaml"), valid.replace("nullable: false, ", ""));
        assertThatThrownBy(() -> contracts.forDataset("curated.orders"))
                .hasMessageContaining("key 'columns.id.nullable' in");
        Files.writeString(
                dir.resolve("orders.yaml"),
                valid + "  - {name: id, type: int, nullable: true, classification: feature}\n");
        assertThatThrownBy(() -> contracts.forDataset("curated.orders"))
                .hasMessageContainingAll("key 'columns.id'", "listed twice");
        Files.writeString(dir.resolve("orders.yaml"), valid.replace("classification: key", "classification: secret"));
        assertThatThrownBy(() -> contracts.forDataset("curated.orders")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> contracts.forDataset("raw.orders"))
                .hasMessageContaining("raw.orders is not a curated dataset");
        assertThatThrownBy(() -> contracts.forDataset("curated.payments"))
                .hasMessageContaining("unknown dataset contract 'payments'");
    }
}
