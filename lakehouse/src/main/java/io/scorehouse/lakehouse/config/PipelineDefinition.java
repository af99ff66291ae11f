package io.scorehouse.lakehouse.config;

import java.util.List;
import java.util.Map;

/**
 * One batch scoring pipeline, {@code conf/pipelines/<name>.yaml}: what it may read, which model
 * it scores with, which checks gate it and how its output is published. Validated by
 * {@link PipelineDefinitions}.
 */
public record PipelineDefinition(
        String name,
        String description,
        String dataset,
        Columns columns,
        ModelPin model,
        Checks checks,
        Freshness freshness,
        Drift drift,
        OutputDrift outputDrift,
        History history,
        RunWindow runWindow,
        String serviceAccount,
        Long maxRowsPerSecond,
        List<DecisionBand> decisionBands,
        Explanations explanations)
        implements DefinitionDirectory.Named {

    public PipelineDefinition {
        freshness = freshness == null ? new Freshness(null, null) : freshness;
        decisionBands = decisionBands == null ? List.of() : List.copyOf(decisionBands);
        explanations = explanations == null ? Explanations.EVERY_ROW : explanations;
    }

    /** The freshness sensor's business-date expression: configured, else the event time's date. */
    public String freshnessDay() {
        return freshness.dayExpression() != null ? freshness.dayExpression() : "to_date(" + columns.eventTime() + ")";
    }

    /** The fewest rows of the run's date the input must hold: configured, else one. */
    public long freshnessMinRows() {
        return freshness.minRows() != null ? freshness.minRows() : 1;
    }

    /**
     * @param entityId  raw entity id: tokenized with HMAC and dropped before anything else happens
     * @param tenant    tenant column
     * @param eventTime event-time column for point-in-time reads
     * @param allowed   every column the pipeline may read (including the three above)
     */
    public record Columns(String entityId, String tenant, String eventTime, List<String> allowed) {
        public Columns {
            allowed = allowed == null ? List.of() : List.copyOf(allowed);
        }
    }

    /**
     * @param pin {@code approved} (current Approved, pinned at the first attempt), a version number,
     *            or the {@code sha256:} digest of one version's model file
     */
    public record ModelPin(String name, String pin) {
        public boolean followsApproved() {
            return "approved".equals(pin);
        }

        public boolean byDigest() {
            return pin != null && pin.startsWith("sha256:");
        }
    }

    /**
     * @param criticalColumns columns whose null rate must stay under {@code maxNullRate}
     * @param ranges          inclusive bounds per column; either bound may be absent
     * @param minRows         fewer eligible entities fail the run
     * @param maxTenants      cardinality guard on the tenant column
     */
    public record Checks(
            List<String> criticalColumns,
            Double maxNullRate,
            Map<String, Range> ranges,
            Long minRows,
            Long maxTenants) {
        public Checks {
            criticalColumns = criticalColumns == null ? List.of() : List.copyOf(criticalColumns);
            ranges = ranges == null ? Map.of() : Map.copyOf(ranges);
        }
    }

    public record Range(Double min, Double max) {}

    /**
     * The input freshness sensor: the pinned input must hold at least {@code minRows} rows whose
     * business date ({@code dayExpression}, a column or SQL expression) is the run's date.
     */
    public record Freshness(String dayExpression, Long minRows) {}

    /** What happens when a feature drifted from the model's training baseline. */
    public enum DriftAction {
        FAIL,
        DEGRADE
    }

    /** @param maxMeanShift largest allowed |mean − baseline mean| / baseline std per feature */
    public record Drift(DriftAction policy, Double maxMeanShift) {}

    /**
     * The published score distribution against the model's training scores: PSI over the score
     * bins above {@code maxPsi} fails the run or publishes it degraded, by {@code policy}. Below
     * {@code minSample} scores PSI is noise and is not judged (default 500, as recon's guardrail).
     */
    public record OutputDrift(DriftAction policy, Double maxPsi, Long minSample) {
        public OutputDrift {
            minSample = minSample == null ? 500L : minSample;
        }
    }

    /**
     * Anomaly flags over run history (Deequ metrics repository): a metric of today's input more
     * than {@code maxDeviations} standard deviations from its history is flagged, never blocking.
     *
     * @param minRuns earlier runs needed before anything is flagged
     */
    public record History(Integer minRuns, Double maxDeviations) {}

    /** UTC hours, end exclusive; equal hours mean any time. */
    public record RunWindow(Integer startHour, Integer endHour) {}

    /** Scores up to {@code maxScore} (inclusive) get {@code decision}; bands ascend to 1.0. */
    public record DecisionBand(Double maxScore, String decision) implements java.io.Serializable {}

    /**
     * Which scores carry their top feature contributions (SHAP values) and reason codes (spec Z6-2.6: {@code
     * explanations?}). Unset keys take today's behaviour: every row, three contributions, exact.
     *
     * @param mode             {@code none}, {@code adverse} (only rows whose decision is in {@code adverseDecisions}) or
     *                         {@code all}
     * @param topK             contributions kept per explained row, largest |value| first
     * @param method           {@code exact} TreeSHAP, or XGBoost's {@code approximate} contributions (Saabas)
     * @param adverseDecisions the decision bands that are adverse to the entity (e.g. deny, hold)
     * @param reasons          the reason-code mapping in {@code conf/reasons/} whose codes explained rows carry; none
     *                         when unset
     */
    public record Explanations(
            ExplainMode mode, Integer topK, ExplainMethod method, List<String> adverseDecisions, String reasons) {
        static final Explanations EVERY_ROW =
                new Explanations(ExplainMode.ALL, 3, ExplainMethod.EXACT, List.of(), null);

        public Explanations {
            mode = mode == null ? ExplainMode.ALL : mode;
            topK = topK == null ? 3 : topK;
            method = method == null ? ExplainMethod.EXACT : method;
            adverseDecisions = adverseDecisions == null ? List.of() : List.copyOf(adverseDecisions);
        }
    }

    public enum ExplainMode {
        NONE,
        ADVERSE,
        ALL
    }

    public enum ExplainMethod {
        EXACT,
        APPROXIMATE
    }
}
