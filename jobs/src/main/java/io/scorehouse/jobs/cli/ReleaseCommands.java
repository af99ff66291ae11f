package io.scorehouse.jobs.cli;

import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.gates.release.ReleaseText;
import io.scorehouse.gates.release.ReleaseWebhook;
import io.scorehouse.gates.release.Releases;
import io.scorehouse.scoring.run.RevocationSync;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The release transitions of the lifecycle (no Spark): promote, deprecate, revoke, rollback. */
final class ReleaseCommands {
    private ReleaseCommands() {}

    @Command(
            name = "promote",
            mixinStandardHelpOptions = true,
            description = {
                "Promotes a Staging version to Approved through the registry.promote gate (refused: exit 3, every",
                "failed rule printed); binds the policy bundle and writes the release artifacts."
            })
    static final class Promote implements Callable<Integer> {
        @ParentCommand
        ScorehouseCommand top;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME@VERSION")
        String ref;

        @Option(
                names = "--webhook-url",
                paramLabel = "URL",
                defaultValue = "${env:" + ReleaseWebhook.URL_ENV + "}",
                description =
                        "POST the release event here, HMAC-signed. Default: $SCOREHOUSE_RELEASE_WEBHOOK_URL (none).")
        String webhookUrl;

        @Option(
                names = "--webhook-secret-file",
                paramLabel = "FILE",
                defaultValue = "${env:" + ReleaseWebhook.SECRET_FILE_ENV + "}",
                description = "The webhook's HMAC secret. Default: $SCOREHOUSE_RELEASE_WEBHOOK_SECRET_FILE.")
        Path webhookSecretFile;

        @Override
        public Integer call() {
            ModelRef modelRef = ModelRef.parse(ref);
            Optional<ReleaseWebhook> webhook = ReleaseWebhook.configured(webhookUrl, webhookSecretFile);
            Releases releases = top.releases();
            PrintWriter out = spec.commandLine().getOut();
            ReleaseText.assessment(releases.assess(modelRef), out);
            Releases.Release release = releases.promote(modelRef, top.actor());
            out.println(ReleaseText.promoted(release, top.actor()));
            webhook.ifPresent(hook -> out.println(hook.deliver(release.eventJson())));
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "deprecate",
            mixinStandardHelpOptions = true,
            description = "Approved -> Deprecated (end of support today); scoring keeps working until end of life.")
    static final class Deprecate implements Callable<Integer> {
        @ParentCommand
        ScorehouseCommand top;

        @Spec
        CommandSpec spec;

        @Mixin
        TransitionArgs args;

        @Override
        public Integer call() {
            ModelVersion version = top.releases().deprecate(args.modelRef(), top.actor(), args.reason);
            return printed(spec, ReleaseText.deprecated(version, top.actor()));
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = {
                "Revokes a version (final): scoring refuses it from now on; its canary, if any, stops;",
                "then (Spark) v_last stops serving its scores and the hot store falls back to each entity's",
                "previous valid score (see sync-revocations)."
            })
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        ScorehouseCommand top;

        @Spec
        CommandSpec spec;

        @Mixin
        TransitionArgs args;

        @Override
        public Integer call() {
            return revoke(top, spec, args);
        }
    }

    /** Shared with {@code registry revoke}: the registry transition, then the invalidation of its scores. */
    static int revoke(ScorehouseCommand top, CommandSpec spec, TransitionArgs args) {
        return revoke(top, spec, args.modelRef(), args.reason);
    }

    /** Also what {@code registry transition --to Revoked} does: a revocation is never a bare stage change. */
    static int revoke(ScorehouseCommand top, CommandSpec spec, ModelRef ref, String reason) {
        ModelVersion before = top.registry().get(ref);
        ModelVersion after = top.releases().revoke(before.ref(), top.actor(), reason);
        printed(spec, ReleaseText.transition(before.ref(), before.stage(), after, top.actor()));
        return syncRevocations(top, spec);
    }

    @Command(
            name = "sync-revocations",
            mixinStandardHelpOptions = true,
            description = {
                "Makes every revocation reach consumers (idempotent; revoke and every finalize run it too):",
                "lake.ops.revoked_versions mirrors the registry, so v_last never serves a revoked version,",
                "and the hot store (last_scores) falls back to each entity's previous valid score. Audited."
            })
    static final class SyncRevocations implements Callable<Integer> {
        @ParentCommand
        ScorehouseCommand top;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return syncRevocations(top, spec);
        }
    }

    private static int syncRevocations(ScorehouseCommand top, CommandSpec spec) {
        RevocationSync.Outcome outcome =
                top.jobs("sync-revocations").revocationSync().run();
        return printed(
                spec,
                "revocations synced: " + outcome.newlyHidden() + " version(s) newly hidden from v_last; hot store: "
                        + outcome.hotStoreRemoved() + " last scores removed, " + outcome.hotStoreFallbacks()
                        + " fell back to an earlier valid score");
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Rolls a model back to its previous release: N -> Deprecated, N-1 Approved and current.")
    static final class Rollback implements Callable<Integer> {
        @ParentCommand
        ScorehouseCommand top;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String model;

        @Option(
                names = "--reason",
                required = true,
                paramLabel = "TEXT",
                description = "Why (recorded with both transitions).")
        String reason;

        @Override
        public Integer call() {
            Releases.Rollback rollback = top.releases().rollback(model, top.actor(), reason);
            return printed(spec, ReleaseText.rolledBack(model, rollback, top.actor()));
        }
    }

    private static int printed(CommandSpec spec, String line) {
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
