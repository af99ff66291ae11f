package io.scorehouse.jobs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The house rules that span modules (docs/ARCHITECTURE.md): what jobs may hold, who names the raw scored tables. */
class ArchitectureRulesTest {
    private static final ArchRule JOBS_HOLDS_ENTRY_POINTS_ONLY = classes()
            .that()
            .resideInAPackage("io.scorehouse.jobs..")
            .should()
            .resideInAnyPackage("io.scorehouse.jobs.cli..", "io.scorehouse.jobs.demo..", "io.scorehouse.jobs.wiring..")
            .because(
                    "jobs holds entry points (CLI, demo) and the Spark wiring; the product's behaviour lives in scoring, gates, "
                            + "quality, recon and lakehouse");

    @Test
    void jobsHoldsOnlyTheCliTheDemoAndTheWiring() {
        JOBS_HOLDS_ENTRY_POINTS_ONLY.check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.scorehouse.jobs"));
    }

    @Test
    void theJobsRuleCatchesAClassOutsideThosePackages() {
        // This test's own package is one main code may not use.
        assertThatThrownBy(() -> JOBS_HOLDS_ENTRY_POINTS_ONLY.check(
                        new ClassFileImporter().importClasses(ArchitectureRulesTest.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("io.scorehouse.jobs.architecture.ArchitectureRulesTest");
    }

    @Test
    void onlyTheLakehouseNamesTheRawScoredTables() {
        Path repo = Path.of(System.getProperty("scorehouse.repo.dir"));
        assertThat(Files.isDirectory(repo.resolve("scoring/src/main")))
                .as("scans the real tree")
                .isTrue();
        assertThat(RawTableNames.outsideTheOwner(repo)).isEmpty();
    }

    @Test
    void theRawTableScanCatchesJavaAndSqlButNotComments(@TempDir Path repo) throws IOException {
        plant(repo, "recon/src/main/java/x/Leak.java", """
                /** reads {@code scored.predictions} — a comment, allowed */
                class Leak { String sql = "SELECT * FROM lake.scored.predictions"; // scored.shadow_predictions
                  String bare = "shadow_predictions"; }
                """);
        plant(
                repo,
                "recon/src/main/resources/sql/q.sql",
                "-- not scored.predictions\nSELECT * FROM ${catalog}.scored.shadow_predictions\n");
        plant(repo, "lakehouse/src/main/resources/own.sql", "SELECT * FROM ${catalog}.scored.predictions\n");
        plant(
                repo,
                "api/src/main/java/io/scorehouse/api/history/Reader.java",
                "class Reader { String table = \"predictions\"; }\n");
        plant(
                repo,
                "api/src/main/java/io/scorehouse/api/Route.java",
                "class Route { String table = \"predictions\"; }\n");

        assertThat(RawTableNames.outsideTheOwner(repo))
                .containsExactlyInAnyOrder(
                        "api/src/main/java/io/scorehouse/api/Route.java: \"predictions\"",
                        "recon/src/main/java/x/Leak.java: scored.predictions",
                        "recon/src/main/java/x/Leak.java: \"shadow_predictions\"",
                        "recon/src/main/resources/sql/q.sql: scored.shadow_predictions");
    }

    /** Writes a source file of a fake repository, creating its directories. */
    private static void plant(Path repo, String path, String content) throws IOException {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
