package io.scorehouse.lakehouse.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/** DESIGN §1: gates, shell and api never load Spark or Scala, nor Hadoop of their own (lakehouse.evidence.EvidenceReplica may). */
public final class SparkFreeRule {
    private SparkFreeRule() {}

    /** Spark, its runtime and the table formats that need it, and the lakehouse's own Spark package. */
    private static final String[] SPARK_PACKAGES = {
        "org.apache.spark..",
        "org.apache.hadoop..",
        "scala..",
        "io.delta..",
        "org.apache.iceberg..",
        "io.scorehouse.lakehouse.spark.."
    };

    /** Spark itself: what even a Spark-free table reader must never touch. */
    private static final String[] SPARK_ONLY = {
        "org.apache.spark..", "scala..", "io.delta..", "io.scorehouse.lakehouse.spark.."
    };

    public static ArchRule forPackage(String rootPackage) {
        return noClasses()
                .that()
                .resideInAPackage(rootPackage + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SPARK_PACKAGES)
                .because("Spark-free modules must start fast and stay deployable without Spark (DESIGN §1)")
                // An empty module trivially satisfies the rule; the classpath test guards it too.
                .allowEmptyShould(true);
    }

    /**
     * A Spark-free module with one table-reader package (the Access API's history, read with the
     * Iceberg Java API): only that package may use Iceberg and Hadoop, and it never Spark, Scala or Delta.
     */
    public static ArchRule forPackageWithTableReader(String rootPackage, String readerPackage) {
        return noClasses()
                .that()
                .resideInAPackage(rootPackage + "..")
                .and()
                .resideOutsideOfPackage(readerPackage + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SPARK_PACKAGES)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage(SPARK_ONLY)
                .because("only " + readerPackage + " reads tables, and nothing here loads Spark (DESIGN §1)")
                .allowEmptyShould(true);
    }

    public static ArchRule readerPackage(String readerPackage) {
        return noClasses()
                .that()
                .resideInAPackage(readerPackage + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SPARK_ONLY)
                .because(
                        "the table reader uses the Iceberg Java API, never Spark (STACK.md: no shaded Iceberg runtime here)")
                .allowEmptyShould(true);
    }

    /** True when Iceberg's Spark runtime (shaded Iceberg and its Spark catalog) can be loaded. */
    public static boolean icebergSparkRuntimeOnClasspath() {
        try {
            Class.forName("org.apache.iceberg.spark.SparkCatalog", false, SparkFreeRule.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * The lakehouse module: only its {@code spark} package may touch Spark, so config, control
     * plane, run ledger, signing helpers and errors serve the Spark-free modules (gates, shell) too.
     * Hadoop's filesystem is reached from one more place, the evidence replica, which those modules
     * load (with Hadoop's client on their classpath) only when a replica is configured.
     */
    public static ArchRule lakehouseOutsideItsSparkPackage() {
        return CompositeArchRule.of(noClasses()
                        .that()
                        .resideInAPackage("io.scorehouse.lakehouse..")
                        .and()
                        .resideOutsideOfPackage("io.scorehouse.lakehouse.spark..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(SPARK_ONLY)
                        .orShould()
                        .dependOnClassesThat()
                        .resideInAnyPackage("org.apache.iceberg..")
                        .because("gates and the shell use the lakehouse without Spark on their classpath "
                                + "(docs/ARCHITECTURE.md)"))
                .and(noClasses()
                        .that()
                        .resideInAPackage("io.scorehouse.lakehouse..")
                        .and()
                        .resideOutsideOfPackage("io.scorehouse.lakehouse.spark..")
                        .and()
                        .haveNameNotMatching("io\\.scorehouse\\.lakehouse\\.evidence\\.EvidenceReplica(\\$.*)?")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage("org.apache.hadoop..")
                        .because("outside the spark package only the evidence replica uses Hadoop's filesystem"));
    }

    /** True when Spark can be loaded from the current classpath. */
    public static boolean sparkOnClasspath() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkFreeRule.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
