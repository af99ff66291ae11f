package io.scorehouse.shell;

import io.scorehouse.gates.Governance;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.gates.release.PromotionGate;
import io.scorehouse.gates.release.ReleaseText;
import io.scorehouse.gates.release.ReleaseWebhook;
import io.scorehouse.gates.release.Releases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.shell.standard.AbstractShellComponent;
import org.springframework.shell.standard.ShellCommandGroup;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

/** The release transitions (promote, deprecate, revoke, rollback) and what a release left behind. */
@ShellComponent
@ShellCommandGroup("Release")
final class ReleaseCommands extends AbstractShellComponent {
    private static final String ACTOR_HELP =
            "Who acts, recorded on the transition (default: $SCOREHOUSE_ACTOR, else the OS user).";

    private final Governance governance;
    private final Operator operator;
    private final Confirmation confirmation;
    private final ReleaseWebhookSettings webhookSettings;
    private final SparkJobs sparkJobs;

    ReleaseCommands(
            Governance governance,
            Operator operator,
            Confirmation confirmation,
            ReleaseWebhookSettings webhookSettings,
            SparkJobs sparkJobs) {
        this.governance = governance;
        this.operator = operator;
        this.confirmation = confirmation;
        this.webhookSettings = webhookSettings;
        this.sparkJobs = sparkJobs;
    }

    @ShellMethod(
            key = "promote",
            value =
                    "Staging -> Approved through registry.promote (refused: exit 3, every failed rule shown); writes the release artifacts "
                            + "and, with SCOREHOUSE_RELEASE_WEBHOOK_URL set, POSTs the signed release event.")
    String promote(
            @ShellOption(valueProvider = ModelRefValues.class, help = "NAME@VERSION") String ref,
            @ShellOption(defaultValue = ShellOption.NULL, help = ACTOR_HELP) String actor,
            @ShellOption(help = "Do not ask for confirmation.") boolean yes) {
        ModelRef modelRef = ModelRef.parse(ref);
        Optional<ReleaseWebhook> webhook = webhookSettings.webhook();
        Releases releases = governance.releases();
        PromotionGate.Assessment assessment = releases.assess(modelRef);
        PrintWriter out = getTerminal().writer();
        ReleaseText.assessment(assessment, out);
        if (assessment.allowed()
                && !confirmation.confirmed(
                        "promote " + modelRef,
                        "Promote " + modelRef + " to Approved (it becomes what scoring runs use)?",
                        yes)) {
            return modelRef + ": not promoted (not confirmed)";
        }
        String who = operator.resolve(actor);
        Releases.Release release = releases.promote(modelRef, who);
        // The evidence goes first, so the event's receivers find it in the replica. The promotion is
        // committed either way: its event is delivered even when the push failed (the next command
        // pushes the evidence), and the operator sees both.
        RuntimeException unpublished = null;
        try {
            governance.publishEvidence();
        } catch (RuntimeException e) {
            unpublished = e;
        }
        String promoted = ReleaseText.promoted(release, who)
                + webhook.map(hook -> System.lineSeparator() + hook.deliver(release.eventJson()))
                        .orElse("");
        if (unpublished != null) {
            out.println(promoted);
            throw unpublished;
        }
        return promoted;
    }

    @ShellMethod(
            key = "deprecate",
            value = "Approved -> Deprecated (end of support today); scoring keeps working until end of life.")
    String deprecate(
            @ShellOption(valueProvider = ModelRefValues.class, help = "NAME@VERSION") String ref,
            @ShellOption(help = "Why (recorded and audited).") String reason,
            @ShellOption(defaultValue = ShellOption.NULL, help = ACTOR_HELP) String actor,
            @ShellOption(help = "Do not ask for confirmation.") boolean yes) {
        ModelRef modelRef = ModelRef.parse(ref);
        governance.registry().get(modelRef);
        if (!confirmation.confirmed(
                "deprecate " + modelRef, "Deprecate " + modelRef + " (end of support today)?", yes)) {
            return modelRef + ": not deprecated (not confirmed)";
        }
        String who = operator.resolve(actor);
        ModelVersion version = governance.releases().deprecate(modelRef, who, reason);
        governance.publishEvidence();
        return ReleaseText.deprecated(version, who);
    }

    @ShellMethod(
            key = "revoke",
            value =
                    "Revokes a version (final): scoring refuses it from now on; its canary, if any, stops; "
                            + "then v_last and the hot store stop serving its scores (sync-revocations, a Spark child process).")
    String revoke(
            @ShellOption(valueProvider = ModelRefValues.class, help = "NAME@VERSION") String ref,
            @ShellOption(help = "Why (recorded and audited).") String reason,
            @ShellOption(defaultValue = ShellOption.NULL, help = ACTOR_HELP) String actor,
            @ShellOption(help = "Do not ask for confirmation.") boolean yes) {
        ModelRef modelRef = ModelRef.parse(ref);
        ModelVersion before = governance.registry().get(modelRef);
        if (!confirmation.confirmed(
                "revoke " + modelRef,
                "Revoke " + modelRef + " (" + before.stage() + ")? This is final: scoring will refuse it.",
                yes)) {
            return modelRef + ": not revoked (not confirmed)";
        }
        String who = operator.resolve(actor);
        ModelVersion after = governance.releases().revoke(modelRef, who, reason);
        governance.publishEvidence();
        java.io.PrintWriter out = getTerminal().writer();
        out.println(ReleaseText.transition(modelRef, before.stage(), after, who));
        if (!sparkJobs.available()) {
            return modelRef + ": revoked; run bin/scorehouse sync-revocations (the next finalized run does it too) "
                    + "so v_last and the hot store stop serving its scores";
        }
        sparkJobs.run("sync-revocations", List.of("--actor", who, "sync-revocations"), out);
        return modelRef + ": revoked; v_last and the hot store no longer serve its scores";
    }

    @ShellMethod(
            key = "rollback",
            value = "Rolls a model back to its previous release: N -> Deprecated, N-1 Approved and current.")
    String rollback(
            @ShellOption(help = "Model name.") String model,
            @ShellOption(help = "Why (recorded with both transitions).") String reason,
            @ShellOption(defaultValue = ShellOption.NULL, help = ACTOR_HELP) String actor,
            @ShellOption(help = "Do not ask for confirmation.") boolean yes) {
        Releases releases = governance.releases();
        Releases.Rollback plan = releases.rollbackPlan(model);
        if (!confirmation.confirmed(
                "rollback " + model,
                "Roll " + model + " back from " + plan.from() + " to "
                        + plan.to().ref() + " (it becomes current again)?",
                yes)) {
            return model + ": not rolled back (not confirmed)";
        }
        String who = operator.resolve(actor);
        Releases.Rollback rolledBack = releases.rollback(model, who, reason);
        governance.publishEvidence();
        return ReleaseText.rolledBack(model, rolledBack, who);
    }

    @ShellMethod(
            key = "release show",
            value = "A version's release directory (gate reports, canary files, artifacts) and its release manifest.")
    String show(@ShellOption(valueProvider = ModelRefValues.class, help = "NAME@VERSION") String ref) {
        ModelRef modelRef = ModelRef.parse(ref);
        governance.registry().get(modelRef);
        return ReleaseText.releaseDirectory(modelRef, governance.releases().releaseDir(modelRef));
    }

    @ShellMethod(
            key = "release due",
            value = "Versions in use whose revalidation, end of support or end of life falls within the horizon.")
    String due(@ShellOption(value = "--within-days", defaultValue = "30", help = "Horizon in days.") int withinDays) {
        StringWriter text = new StringWriter();
        ReleaseText.due(
                governance.releases().due(LocalDate.now(governance.clock()), withinDays), new PrintWriter(text));
        return text.toString().stripTrailing();
    }
}
