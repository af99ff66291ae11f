package io.scorehouse.lakehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §1 for a Spark-free module (gates, shell, later api): its classes never reference
 * Spark, and Spark is not even on its classpath. A module's test extends this and names its package.
 */
public abstract class SparkFreeModuleContract {
    protected abstract String rootPackage();

    @Test
    void classesNeverReferenceSpark() {
        SparkFreeRule.forPackage(rootPackage())
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(rootPackage()));
    }

    @Test
    void sparkIsNotOnTheClasspath() {
        assertThat(SparkFreeRule.sparkOnClasspath()).isFalse();
    }
}
