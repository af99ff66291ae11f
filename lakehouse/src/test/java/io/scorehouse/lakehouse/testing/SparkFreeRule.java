package io.scorehouse.lakehouse.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/** DESIGN §1: gates, shell (and later api) must never load Spark, Hadoop or Scala. */
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
     * The lakehouse module: only its {@code spark} package may touch Spark, so config, control
     * plane, run ledger, signing helpers and errors serve the Spark-free modules (gates, shell) too.
     */
    public static ArchRule lakehouseOutsideItsSparkPackage() {
        return noClasses()
                .that()
                .resideInAPackage("io.scorehouse.lakehouse..")
                .and()
                .resideOutsideOfPackage("io.scorehouse.lakehouse.spark..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SPARK_PACKAGES)
                .because(
                        "gates and the shell use the lakehouse without Spark on their classpath (docs/ARCHITECTURE.md)");
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
