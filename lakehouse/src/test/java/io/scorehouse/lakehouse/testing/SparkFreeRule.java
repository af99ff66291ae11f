package io.scorehouse.lakehouse.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/** DESIGN §1: gates, shell (and later api) must never load Spark, Hadoop or Scala. */
public final class SparkFreeRule {
    private SparkFreeRule() {
    }

    public static ArchRule forPackage(String rootPackage) {
        return noClasses().that().resideInAPackage(rootPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.spark..", "org.apache.hadoop..", "scala..", "io.delta..",
                        "io.scorehouse.lakehouse.spark..")
                .because("Spark-free modules must start fast and stay deployable without Spark (DESIGN §1)")
                // An empty module trivially satisfies the rule; the classpath test guards it too.
                .allowEmptyShould(true);
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
