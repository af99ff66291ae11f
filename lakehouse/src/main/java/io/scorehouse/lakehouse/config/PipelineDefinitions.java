package io.scorehouse.lakehouse.config;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Loads and validates {@code conf/pipelines/<name>.yaml}; every problem names the file and key. */
public final class PipelineDefinitions extends DefinitionDirectory<PipelineDefinition> {
    public static final String DIRECTORY = "pipelines";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    private final ReasonCodeSets reasonCodes;
    private final DatasetContracts contracts;

    public PipelineDefinitions(Path confDir) {
        super(confDir, DIRECTORY, "pipeline", PipelineDefinition.class);
        this.reasonCodes = new ReasonCodeSets(confDir);
        this.contracts = new DatasetContracts(confDir);
    }

    /**
     * The pipeline {@code name}, or (null) the only pipeline scoring {@code model}; a usage error
     * (exit 2, naming {@code --pipeline}) when there is none or several.
     */
    public PipelineDefinition forModel(String model, String name) {
        if (name != null) {
            return load(name);
        }
        List<PipelineDefinition> ofModel = names().stream()
                .map(this::load)
                .filter(p -> p.model().name().equals(model))
                .toList();
        if (ofModel.size() != 1) {
            throw new ScorehouseException(
                    ExitCode.USAGE,
                    "--pipeline",
                    ofModel.isEmpty()
                            ? "no pipeline scores model " + model
                            : "several pipelines score model " + model + "; name one");
        }
        return ofModel.get(0);
    }

    @Override
    protected void validate(PipelineDefinition p, Path file, String name) {
        ConfigProblems problems = new ConfigProblems(file);
        problems.require(
                p.dataset() != null && p.dataset().matches("[a-z_]+\\.[a-z][a-z0-9_]*"),
                "dataset",
                "must be database.table, got '" + p.dataset() + "'");
        problems.present(p.columns(), "columns");
        PipelineDefinition.Columns columns = p.columns();
        problems.require(
                !columns.allowed().isEmpty(), "columns.allowed", "must list the columns the pipeline may read");
        Set<String> allowed = new HashSet<>(columns.allowed());
        for (String column : columns.allowed()) {
            problems.require(
                    IDENTIFIER.matcher(column).matches(), "columns.allowed", "'" + column + "' is not a column name");
        }
        problems.require(allowed.size() == columns.allowed().size(), "columns.allowed", "lists a column twice");
        for (String[] key : new String[][] {
            {"columns.entity-id", columns.entityId()},
            {"columns.tenant", columns.tenant()},
            {"columns.event-time", columns.eventTime()}
        }) {
            problems.require(
                    key[1] != null && allowed.contains(key[1]),
                    key[0],
                    "must name an allowed column, got '" + key[1] + "'");
        }
        problems.present(p.model(), "model");
        problems.require(
                p.model().name() != null && NAME.matcher(p.model().name()).matches(),
                "model.name",
                "is not a model name: '" + p.model().name() + "'");
        problems.require(
                p.model().pin() != null
                        && (p.model().followsApproved()
                                || p.model().pin().matches("[1-9][0-9]*")
                                || p.model().pin().matches("sha256:[0-9a-f]{64}")),
                "model.pin",
                "must be 'approved', a version number or a sha256:<64 hex> model digest, got '"
                        + p.model().pin() + "'");
        problems.present(p.checks(), "checks");
        for (String column : p.checks().criticalColumns()) {
            problems.require(
                    allowed.contains(column), "checks.critical-columns", "'" + column + "' is not an allowed column");
        }
        problems.require(
                p.checks().maxNullRate() != null
                        && p.checks().maxNullRate() >= 0
                        && p.checks().maxNullRate() < 1,
                "checks.max-null-rate",
                "must be in [0, 1)");
        p.checks().ranges().forEach((column, range) -> {
            problems.require(allowed.contains(column), "checks.ranges." + column, "is not an allowed column");
            // a bound becomes a SQL literal in the input checks: a number, never NaN or an infinity
            problems.require(
                    (range.min() == null || Double.isFinite(range.min()))
                            && (range.max() == null || Double.isFinite(range.max())),
                    "checks.ranges." + column,
                    "bounds must be finite numbers (leave a side out for no bound)");
            problems.require(
                    range.min() == null || range.max() == null || range.min() <= range.max(),
                    "checks.ranges." + column,
                    "min is above max");
        });
        problems.require(
                p.freshness().minRows() == null || p.freshness().minRows() > 0,
                "freshness.min-rows",
                "must be a positive integer");
        problems.require(
                p.freshness().dayExpression() == null
                        || !p.freshness().dayExpression().isBlank(),
                "freshness.day-expression",
                "must be a column or SQL expression giving each row's business date");
        problems.present(p.drift(), "drift");
        problems.require(p.drift().policy() != null, "drift.policy", "must be fail or degrade");
        problems.require(
                p.drift().maxMeanShift() != null && p.drift().maxMeanShift() > 0,
                "drift.max-mean-shift",
                "must be positive");
        problems.present(p.outputDrift(), "output-drift");
        problems.require(p.outputDrift().policy() != null, "output-drift.policy", "must be fail or degrade");
        problems.require(
                p.outputDrift().maxPsi() != null && p.outputDrift().maxPsi() > 0,
                "output-drift.max-psi",
                "must be positive");
        problems.require(p.outputDrift().minSample() > 0, "output-drift.min-sample", "must be a positive integer");
        problems.present(p.history(), "history");
        problems.require(
                p.history().minRuns() != null && p.history().minRuns() >= 2, "history.min-runs", "must be at least 2");
        problems.require(
                p.history().maxDeviations() != null && p.history().maxDeviations() > 0,
                "history.max-deviations",
                "must be positive");
        problems.present(p.runWindow(), "run-window");
        problems.require(
                hour(p.runWindow().startHour()) && hour(p.runWindow().endHour()), "run-window", "hours must be 0..23");
        problems.require(
                p.serviceAccount() == null || p.serviceAccount().matches("[a-z][a-z0-9-]{1,62}"),
                "service-account",
                "must be a service account name, got '" + p.serviceAccount() + "'");
        problems.require(
                p.maxRowsPerSecond() != null && p.maxRowsPerSecond() >= 0,
                "max-rows-per-second",
                "must be >= 0 (0: unlimited)");
        problems.require(!p.decisionBands().isEmpty(), "decision-bands", "needs at least one band");
        double previous = 0;
        for (PipelineDefinition.DecisionBand band : p.decisionBands()) {
            problems.require(
                    band.maxScore() != null && band.maxScore() > previous && band.decision() != null,
                    "decision-bands",
                    "bands need ascending max-score values and a decision");
            previous = band.maxScore();
        }
        problems.require(previous == 1.0, "decision-bands", "the last band must end at max-score 1.0");
        explanations(problems, p);
    }

    /**
     * The explanations policy; a reason-code mapping may name only feature columns of the dataset's contract (never a
     * key or PII column, never a column the dataset does not have). A feature the pipeline or a model does not read
     * simply never gives its code: a challenger may use fewer features.
     */
    private void explanations(ConfigProblems problems, PipelineDefinition p) {
        PipelineDefinition.Explanations e = p.explanations();
        problems.require(e.topK() >= 1 && e.topK() <= 20, "explanations.top-k", "must be 1..20, got " + e.topK());
        List<String> bands = p.decisionBands().stream()
                .map(PipelineDefinition.DecisionBand::decision)
                .toList();
        for (String decision : e.adverseDecisions()) {
            problems.require(
                    bands.contains(decision),
                    "explanations.adverse-decisions",
                    "'" + decision + "' is not a decision band " + bands);
        }
        problems.require(
                e.mode() != PipelineDefinition.ExplainMode.ADVERSE
                        || !e.adverseDecisions().isEmpty(),
                "explanations.adverse-decisions",
                "must name the adverse decision bands when mode is adverse");
        if (e.reasons() == null) {
            return;
        }
        problems.require(
                e.mode() != PipelineDefinition.ExplainMode.NONE,
                "explanations.reasons",
                "has nothing to give codes to with mode none");
        DatasetContract contract = contracts.forDataset(p.dataset());
        for (ReasonCodes.Reason reason : reasonCodes.load(e.reasons()).reasons()) {
            problems.require(
                    contract.column(reason.feature())
                            .map(c -> c.classification() == DatasetContract.Classification.FEATURE)
                            .orElse(false),
                    "explanations.reasons",
                    "mapping '" + e.reasons() + "' names '" + reason.feature() + "', which is not a feature column of "
                            + p.dataset() + " (contract " + contract.name() + ")");
        }
    }

    private static boolean hour(Integer hour) {
        return hour != null && hour >= 0 && hour <= 23;
    }
}
