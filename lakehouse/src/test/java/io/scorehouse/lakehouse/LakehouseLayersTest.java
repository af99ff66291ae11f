package io.scorehouse.lakehouse;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The lakehouse module is used by the Spark-free modules too (gates, shell, api): only its {@code
 * spark} package may touch Spark, Scala or Delta, and Hadoop's filesystem is reached from one more
 * place only, the evidence replica — which the Spark-free modules load when a replica is configured.
 */
class LakehouseLayersTest {
    private static final JavaClasses LAKEHOUSE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.scorehouse.lakehouse");

    @Test
    void onlyTheSparkPackageUsesSpark() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.scorehouse.lakehouse.spark..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.spark..", "scala..", "io.delta..", "io.scorehouse.lakehouse.spark..")
                .because("gates, shell and api use this module without Spark on their classpath")
                .check(LAKEHOUSE);
    }

    @Test
    void outsideTheSparkPackageOnlyTheEvidenceReplicaUsesHadoop() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.scorehouse.lakehouse.spark..")
                .and()
                .doNotHaveFullyQualifiedName(io.scorehouse.lakehouse.evidence.EvidenceReplica.class.getName())
                .and()
                .doNotHaveFullyQualifiedName(
                        io.scorehouse.lakehouse.evidence.EvidenceReplica.class.getName() + "$Entry")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.hadoop..")
                .because("the Spark-free modules carry Hadoop's client for the evidence replica only")
                .check(LAKEHOUSE);
    }
}
