package io.scorehouse.lakehouse.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class SparkFreeRuleTest {
    @Test
    void ruleCatchesAPackageThatUsesSpark() {
        // The lakehouse's Spark package is exactly what a Spark-free module must not look like.
        assertThatThrownBy(() -> SparkFreeRule.forPackage("io.scorehouse.lakehouse.spark")
                        .check(new ClassFileImporter()
                                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                                .importPackages("io.scorehouse.lakehouse.spark")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.apache.spark");
    }

    @Test
    void theLakehouseUsesSparkOnlyInItsSparkPackage() {
        SparkFreeRule.lakehouseOutsideItsSparkPackage()
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.scorehouse.lakehouse"));
    }

    @Test
    void theLakehouseRuleCatchesSparkOutsideTheSparkPackage() {
        // A test fixture in this (non-spark) package that opens a Spark session.
        assertThatThrownBy(() -> SparkFreeRule.lakehouseOutsideItsSparkPackage()
                        .check(new ClassFileImporter().importClasses(TestLakehouse.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.scorehouse.lakehouse.testing.TestLakehouse")
                .hasMessageContaining("org.apache.spark");
    }
}
