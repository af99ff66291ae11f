package io.scorehouse.jobs.cli;

import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.controlplane.Erasures;
import io.scorehouse.lakehouse.controlplane.LegalHolds;
import io.scorehouse.scoring.store.Erasure;
import io.scorehouse.scoring.store.StoreSweep;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "store",
        mixinStandardHelpOptions = true,
        description = {
            "Store lifecycle: retention, data-subject erasure, legal holds, verification of erasure certificates."
        },
        subcommands = {
            StoreCommand.RetentionRun.class,
            StoreCommand.Compact.class,
            StoreCommand.Erase.class,
            StoreCommand.Verify.class,
            StoreCommand.Hold.class,
            StoreCommand.Suppression.class
        })
final class StoreCommand {
    /** Request, hold and tenant ids: they become evidence directory names and audit subjects. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    @ParentCommand
    ScorehouseCommand top;

    /** Where the raw entity id comes from: a flag, or a file / stdin so it stays out of process lists. */
    static final class EntityId {
        @Option(names = "--entity-id", required = true, paramLabel = "ID", description = "The raw entity id.")
        String value;

        @Option(
                names = "--entity-id-file",
                required = true,
                paramLabel = "FILE",
                description =
                        "Read the raw entity id from FILE ('-' for stdin), so it stays out of process lists and logs.")
        String file;

        String read(CommandSpec spec) {
            String id = value != null ? value : fromFile(spec);
            if (id.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--entity-id: the entity id is empty");
            }
            return id;
        }

        private String fromFile(CommandSpec spec) {
            try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException | java.nio.file.InvalidPathException e) {
                throw new ParameterException(spec.commandLine(), "--entity-id-file: cannot read " + file);
            }
        }
    }

    static String id(CommandSpec spec, String option, String value) {
        if (!ID.matcher(value).matches()) {
            throw new ParameterException(
                    spec.commandLine(),
                    option + ": '" + value + "' is not an id (letters, digits, . _ -; at most 100)");
        }
        return value;
    }

    static String text(CommandSpec spec, String option, String value) {
        if (value.isBlank()) {
            throw new ParameterException(spec.commandLine(), option + ": must not be empty");
        }
        return value;
    }

    @Command(
            name = "retention",
            mixinStandardHelpOptions = true,
            description = {
                "Applies conf/catalog.yaml and store.retention-days to every table's properties; the scored.retention",
                "policy decides per table by classification (audit is kept); deletes rows past retention (each",
                "deletion in lake.ops.deletion_log), rewrites the files so they are physically gone, expires",
                "snapshots older than store.history-days and removes orphan files older than a run's lease.",
                "--dry-run prints what would go and changes nothing."
            })
    static final class RetentionRun implements Callable<Integer> {
        @ParentCommand
        StoreCommand store;

        @Spec
        CommandSpec spec;

        @Option(names = "--dry-run", description = "Print what would be deleted; change nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            List<String> lines = store.top.jobs("store-retention").retention().run(dryRun);
            lines.forEach(spec.commandLine().getOut()::println);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "compact",
            mixinStandardHelpOptions = true,
            description = {
                "Rewrites small files toward each table's target size (keyed tables sorted by entity_key, the others",
                "bin-packed) and its manifests. Rows never change: count and content hash are compared before and",
                "after (exit 5 if they differ). Audited in lake.ops.audit."
            })
    static final class Compact implements Callable<Integer> {
        @ParentCommand
        StoreCommand store;

        @Spec
        CommandSpec spec;

        @Option(names = "--table", paramLabel = "NAMESPACE.TABLE", description = "Only this table (repeatable).")
        List<String> tables = new java.util.ArrayList<>();

        @Override
        public Integer call() {
            for (String table : tables) {
                if (!table.matches("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*")) {
                    throw new ParameterException(spec.commandLine(), "--table: '" + table + "' is not namespace.table");
                }
            }
            try {
                store.top
                        .jobs("store-compact")
                        .compaction()
                        .run(tables)
                        .forEach(spec.commandLine().getOut()::println);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--table: " + e.getMessage());
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "erase",
            mixinStandardHelpOptions = true,
            description = {
                "Erases one entity (a data-subject request): tokenizes the id with the tenant's HMAC key, deletes",
                "its rows from every lakehouse table holding entity keys and from the hot store, rewrites the",
                "files, expires older snapshots, proves the key is in no file any snapshot reaches, and writes a",
                "signed certificate (evidence/erasure/<request>/). The key is suppressed for later runs.",
                "Idempotent per --request: a re-run after a crash completes it, after completion it is a no-op.",
                "Refused under a legal hold (exit 3, naming it) or while a run is in flight (exit 3)."
            })
    static final class Erase implements Callable<Integer> {
        @ParentCommand
        StoreCommand store;

        @Spec
        CommandSpec spec;

        @Option(names = "--tenant", required = true, paramLabel = "TENANT")
        String tenant;

        @ArgGroup(exclusive = true, multiplicity = "1")
        EntityId entityId;

        @Option(
                names = "--request",
                required = true,
                paramLabel = "DSR-ID",
                description = "The data-subject request id.")
        String request;

        @Option(names = "--reason", required = true, paramLabel = "TEXT")
        String reason;

        @Override
        public Integer call() {
            id(spec, "--tenant", tenant);
            id(spec, "--request", request);
            text(spec, "--reason", reason);
            String entityKey = EntityTokenizer.fromConfig(store.top.config()).token(tenant, entityId.read(spec));
            Erasure.Outcome outcome = store.top.jobs("store-erase").erasure().erase(request, tenant, entityKey, reason);
            spec.commandLine()
                    .getOut()
                    .println(
                            outcome.performed()
                                    ? "erased " + request + ": certificate " + outcome.certificate()
                                    : "already erased " + request + " (certified "
                                            + outcome.request().certifiedAt().orElse("?") + "): certificate "
                                            + outcome.certificate());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Without --erasure: the manifest <-> snapshot sweep. Every finalized run (of days from --since) has",
                "a valid signed manifest, its snapshot on main (or one expired by a logged retention/erasure) and",
                "its rows less the deletions logged against it; every snapshot carrying a run key has a finalized",
                "run; no staging branch is older than a run lease; every signed evidence set still matches its",
                "signature; the audit chain is unbroken. Prints one line per problem, writes a signed sweep report",
                "(evidence/sweep/), exits 5 if there is any problem.",
                "--erasure: re-checks an erasure certificate: its signature, then every data file any snapshot of",
                "any keyed table reaches, and the hot store, searched for the key. \"absent\", else exit 5."
            })
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        StoreCommand store;

        @Spec
        CommandSpec spec;

        @Option(names = "--erasure", paramLabel = "CERT", description = "A certificate file or its directory.")
        Path certificate;

        @Option(names = "--since", paramLabel = "YYYY-MM-DD", description = "Sweep runs of this day and later only.")
        java.time.LocalDate since;

        @Override
        public Integer call() {
            if (certificate == null) {
                return sweep();
            }
            if (since != null) {
                throw new ParameterException(spec.commandLine(), "--since: only without --erasure");
            }
            if (!Files.exists(certificate)) {
                throw new ParameterException(spec.commandLine(), "--erasure: no such file " + certificate);
            }
            spec.commandLine()
                    .getOut()
                    .println(store.top.jobs("store-verify").erasureCheck().verify(certificate));
            spec.commandLine().getOut().flush();
            return 0;
        }

        private int sweep() {
            StoreSweep.Report report =
                    store.top.jobs("store-verify").sweep().sweep(java.util.Optional.ofNullable(since));
            var out = spec.commandLine().getOut();
            report.problems().forEach(problem -> out.println("problem: " + problem));
            out.println(report.summary());
            out.flush();
            if (!report.problems().isEmpty()) {
                throw new io.scorehouse.lakehouse.IntegrityException(
                        "store verify",
                        report.problems().size() + " problem(s), listed above; report " + report.file());
            }
            return 0;
        }
    }

    @Command(
            name = "hold",
            mixinStandardHelpOptions = true,
            description = {"Legal holds (kept in the control plane, audited): erasure under a hold is refused."},
            subcommands = {Hold.Add.class, Hold.Remove.class, Hold.ListHolds.class})
    static final class Hold {
        @ParentCommand
        StoreCommand store;

        @Command(
                name = "add",
                mixinStandardHelpOptions = true,
                description = "Places a hold on a tenant or one entity.")
        static final class Add implements Callable<Integer> {
            @ParentCommand
            Hold hold;

            @Spec
            CommandSpec spec;

            @Option(names = "--hold", required = true, paramLabel = "HOLD-ID")
            String holdId;

            @Option(names = "--tenant", required = true, paramLabel = "TENANT")
            String tenant;

            @ArgGroup(exclusive = true, multiplicity = "0..1")
            EntityId entityId;

            @Option(names = "--reason", required = true, paramLabel = "TEXT")
            String reason;

            @Override
            public Integer call() {
                ScorehouseCommand top = hold.store.top;
                id(spec, "--hold", holdId);
                id(spec, "--tenant", tenant);
                text(spec, "--reason", reason);
                Optional<String> keyDigest = Optional.ofNullable(entityId)
                        .map(e -> io.scorehouse.lakehouse.Digests.sha256Hex(
                                EntityTokenizer.fromConfig(top.config()).token(tenant, e.read(spec))));
                LegalHolds.Hold placed = new LegalHolds(top.controlPlane(), top.clock())
                        .place(holdId, tenant, keyDigest, reason, top.actor());
                spec.commandLine()
                        .getOut()
                        .println("hold " + placed.holdId() + " placed on " + tenant + " (" + placed.scope() + ")");
                spec.commandLine().getOut().flush();
                return 0;
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "Releases a hold (the record stays).")
        static final class Remove implements Callable<Integer> {
            @ParentCommand
            Hold hold;

            @Spec
            CommandSpec spec;

            @Option(names = "--hold", required = true, paramLabel = "HOLD-ID")
            String holdId;

            @Override
            public Integer call() {
                ScorehouseCommand top = hold.store.top;
                LegalHolds.Hold released = new LegalHolds(top.controlPlane(), top.clock())
                        .release(id(spec, "--hold", holdId), top.actor());
                spec.commandLine()
                        .getOut()
                        .println("hold " + released.holdId() + " released at "
                                + released.releasedAt().orElseThrow());
                spec.commandLine().getOut().flush();
                return 0;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Every hold, active or released.")
        static final class ListHolds implements Callable<Integer> {
            @ParentCommand
            Hold hold;

            @Spec
            CommandSpec spec;

            @Override
            public Integer call() {
                ScorehouseCommand top = hold.store.top;
                List<LegalHolds.Hold> holds = new LegalHolds(top.controlPlane(), top.clock()).list();
                var out = spec.commandLine().getOut();
                out.printf("%-20s %-12s %-22s %-10s %s%n", "HOLD", "TENANT", "SCOPE", "STATE", "REASON");
                for (LegalHolds.Hold h : holds) {
                    out.printf(
                            "%-20s %-12s %-22s %-10s %s%n",
                            h.holdId(),
                            h.tenant(),
                            h.scope(),
                            h.releasedAt().isPresent() ? "released" : "active",
                            h.reason());
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(
            name = "suppression",
            mixinStandardHelpOptions = true,
            description = {
                "The keys scoring runs skip since their erasure (by digest). Lift one once upstream no longer",
                "holds the entity, so a customer who returns under the same id is scored again."
            },
            subcommands = {Suppression.ListSuppressed.class, Suppression.Lift.class})
    static final class Suppression {
        @ParentCommand
        StoreCommand store;

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Every suppressed key, oldest first.")
        static final class ListSuppressed implements Callable<Integer> {
            @ParentCommand
            Suppression suppression;

            @Spec
            CommandSpec spec;

            @Override
            public Integer call() {
                ScorehouseCommand top = suppression.store.top;
                var out = spec.commandLine().getOut();
                out.printf("%-20s %-12s %-16s %s%n", "REQUEST", "TENANT", "KEY DIGEST", "SINCE");
                for (Erasures.Suppression s : new Erasures(top.controlPlane(), top.clock()).suppressions()) {
                    out.printf(
                            "%-20s %-12s %-16s %s%n",
                            s.requestId(), s.tenant(), s.keyDigest().substring(0, 12) + "…", s.suppressedAt());
                }
                out.flush();
                return 0;
            }
        }

        @Command(
                name = "lift",
                mixinStandardHelpOptions = true,
                description = {
                    "Ends the suppression of a certified erasure (audited); refused (exit 3) before it is certified."
                })
        static final class Lift implements Callable<Integer> {
            @ParentCommand
            Suppression suppression;

            @Spec
            CommandSpec spec;

            @Option(names = "--request", required = true, paramLabel = "DSR-ID")
            String requestId;

            @Option(
                    names = "--reason",
                    required = true,
                    paramLabel = "TEXT",
                    description = "Why, e.g. upstream erased on D.")
            String reason;

            @Override
            public Integer call() {
                ScorehouseCommand top = suppression.store.top;
                id(spec, "--request", requestId);
                text(spec, "--reason", reason);
                boolean lifted = new Erasures(top.controlPlane(), top.clock()).lift(requestId, reason, top.actor());
                spec.commandLine()
                        .getOut()
                        .println(
                                lifted
                                        ? "lifted the suppression of " + requestId
                                                + ": later runs score the entity again"
                                        : requestId + " suppresses nothing (already lifted)");
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }
}
