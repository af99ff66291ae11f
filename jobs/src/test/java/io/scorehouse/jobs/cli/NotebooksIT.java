package io.scorehouse.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.jobs.testing.DemoHome;
import io.scorehouse.jobs.testing.Launcher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code bin/scorehouse notebooks} on the demo's home: real Jupyter (Debian's packages), real signed evidence. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotebooksIT {
    private static Path home;
    private static Launcher launcher;

    @BeforeAll
    static void demoHome() throws Exception {
        home = DemoHome.restore();
        launcher = new Launcher(home, Map.of());
    }

    @Test
    @Order(1)
    void theThreeNotebooksRenderTheirChartsFromVerifiedEvidence() throws Exception {
        Path out = home.resolve("review");
        Launcher.Result run = launcher.run("notebooks", "--out", out.toString());

        assertThat(run.code()).as(run.toString()).isZero();
        for (String notebook : NotebooksCommand.NOTEBOOKS) {
            Path html = out.resolve(notebook + ".html");
            String page = Files.readString(html, StandardCharsets.UTF_8);
            assertThat(NotebooksCommand.CHART.matcher(page).results().count())
                    .as(notebook + " charts")
                    .isGreaterThanOrEqualTo(3);
            assertThat(page).as(notebook + " verified its evidence first").contains("signed by a trusted key");
            assertThat(page).as(notebook + " ran every cell").doesNotContain("Traceback");
            assertThat(run.out()).contains("notebooks: " + notebook + " -> " + html);
        }
        // the release itself verified, and the gate reports it shows are the ones it signed
        assertThat(Files.readString(out.resolve("release_review.html")))
                .containsPattern("verified \\S*artifacts/releases/churn/\\d+: \\d+ files signed by a trusted key")
                .contains("gate reports match the digests the release signed");
        // recon_review shows the small segments as such, never a PSI computed from them
        assertThat(Files.readString(out.resolve("recon_review.html"))).contains("insufficient sample (n=");
    }

    @Test
    @Order(2)
    void aTamperedReportStopsReconReviewNamingTheFile() throws Exception {
        Path report = Files.list(home.resolve("reports/recon"))
                .filter(day -> day.getFileName().toString().startsWith("dt="))
                .findFirst()
                .orElseThrow()
                .resolve("latest/report.json");
        Files.writeString(report, Files.readString(report).replaceFirst("\"coverage\" *: *0\\.", "\"coverage\": 1.0"));

        Launcher.Result run = launcher.run("notebooks", "--notebook", "recon_review", "--out", "review-tampered");

        assertThat(run.code()).as(run.toString()).isEqualTo(5);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("scorehouse: notebooks — recon_review: unverified evidence, not shown: ")
                .contains("report.json changed since it was signed");
        assertThat(home.resolve("review-tampered/recon_review.html")).doesNotExist();
    }

    @Test
    @Order(3)
    void aTamperedManifestStopsRunsReview() throws Exception {
        Path manifest =
                home.resolve("runs").resolve("churn_daily_" + DemoHome.DATE).resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\"rows_out\" *: *", "\"rows_out\": 1"));

        Launcher.Result run = launcher.run("notebooks", "--notebook", "runs_review");

        assertThat(run.code()).as(run.toString()).isEqualTo(5);
        assertThat(run.err()).contains("runs_review: unverified evidence").contains("manifest.json changed");
    }

    @Test
    @Order(4)
    void aManifestBesideAnotherRecordsValidSignatureIsNotShown() throws Exception {
        home = DemoHome.restore(); // without the manifest the case before edited
        Path run = home.resolve("runs").resolve("churn_daily_" + DemoHome.DATE + "_canary1pct");
        Path decision;
        try (var decisions = Files.list(home.resolve("evidence/canary/churn/2"))) {
            decision = decisions.sorted().findFirst().orElseThrow();
        }
        Files.delete(run.resolve("manifest.dsse.json"));
        Files.copy(decision.resolve("decision.json"), run.resolve("decision.json"));
        Files.copy(decision.resolve("decision.dsse.json"), run.resolve("decision.dsse.json"));

        Launcher.Result swapped = launcher.run("notebooks", "--notebook", "runs_review");

        assertThat(swapped.code()).as(swapped.toString()).isEqualTo(5);
        assertThat(swapped.err()).contains("manifest.dsse.json: no such envelope");
    }

    @Test
    @Order(5)
    void anUnknownNotebookIsAUsageErrorOnOneLine() throws Exception {
        Launcher.Result run = launcher.run("notebooks", "--notebook", "nope");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.errLines())
                .containsExactly("scorehouse: notebooks — --notebook: no notebook nope (notebooks: "
                        + "[runs_review, recon_review, release_review]) (see 'scorehouse notebooks --help')");
    }

    @Test
    @Order(6)
    void aHomeWithNothingToReviewIsAUsageErrorNotAnIntegrityFailure() throws Exception {
        Path empty = Files.createTempDirectory("scorehouse-empty-home");
        Launcher.Result run = new Launcher(empty, Map.of()).run("notebooks", "--notebook", "runs_review");

        assertThat(run.code()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines())
                .singleElement()
                .asString()
                .startsWith("scorehouse: notebooks — runs_review: no finalized scoring run under ");
    }
}
