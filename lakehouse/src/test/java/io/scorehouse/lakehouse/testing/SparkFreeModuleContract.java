package io.scorehouse.lakehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §1 for a Spark-free module (gates, shell, api): its classes never reference Spark, and
 * Spark (nor Iceberg's Spark runtime) is not even on its classpath. A module's test extends this and names its package.
 */
public abstract class SparkFreeModuleContract {
    protected abstract String rootPackage();

    /** The one package allowed to read tables with the Iceberg Java API (none by default). */
    protected String tableReaderPackage() {
        return null;
    }

    @Test
    void classesNeverReferenceSpark() {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage());
        if (tableReaderPackage() == null) {
            SparkFreeRule.forPackage(rootPackage()).check(classes);
        } else {
            SparkFreeRule.forPackageWithTableReader(rootPackage(), tableReaderPackage())
                    .check(classes);
            SparkFreeRule.readerPackage(tableReaderPackage()).check(classes);
        }
    }

    @Test
    void sparkIsNotOnTheClasspath() {
        assertThat(SparkFreeRule.sparkOnClasspath()).isFalse();
        assertThat(SparkFreeRule.icebergSparkRuntimeOnClasspath()).isFalse();
    }
}
