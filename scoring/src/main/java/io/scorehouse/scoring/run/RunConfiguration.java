package io.scorehouse.scoring.run;

import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.IntegrityException;
import io.scorehouse.lakehouse.config.ConfigException;
import io.scorehouse.lakehouse.config.DatasetContract;
import io.scorehouse.lakehouse.config.DatasetContracts;
import io.scorehouse.lakehouse.config.ModelDefinitions;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.PipelineDefinitions;
import io.scorehouse.lakehouse.config.ReasonCodeSets;
import io.scorehouse.lakehouse.config.ReasonCodes;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import io.scorehouse.lakehouse.run.RunRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configuration a run is: the HMAC key's identity, the pipeline definition, the input's
 * dataset contract, the model definition and the reason-code mapping the pipeline names (each by
 * digest, compared on every retry; {@code reasons} is null without a mapping), and the effective
 * settings (hashed for the manifest; secrets left out, host-specific values recorded but never
 * compared, so a retry on another host is still the same run).
 */
record RunConfiguration(
        String entityKeyId,
        String pipelineDigest,
        DatasetContract contract,
        String contractDigest,
        String modelDefinitionDigest,
        String effectiveDigest,
        Map<String, String> host,
        ReasonCodes reasons,
        String reasonsDigest) {
    static final String NO_MODEL_DEFINITION = "none";
    static final String NO_REASONS = "none";
    private static final Pattern SECRET_KEY =
            Pattern.compile("(?i).*(secret|password|token|credential|access\\.key).*");

    /**
     * The configuration of {@code pipeline} under {@code config}. The pipeline may allow-list only
     * columns its dataset's contract lists, and never a {@code pii} one (exit 2 otherwise).
     */
    static RunConfiguration of(ScorehouseConfig config, PipelineDefinition pipeline, EntityTokenizer tokenizer) {
        DatasetContracts contracts = new DatasetContracts(config.confDir());
        DatasetContract contract = contracts.forDataset(pipeline.dataset());
        requireAllowListWithin(pipeline, contract);
        ModelDefinitions models = new ModelDefinitions(config.confDir());
        String modelName = pipeline.model().name();
        ReasonCodeSets reasonCodes = new ReasonCodeSets(config.confDir());
        String reasons = pipeline.explanations().reasons();
        return new RunConfiguration(
                tokenizer.keyId(),
                new PipelineDefinitions(config.confDir()).digest(pipeline.name()),
                contract,
                contracts.digest(contract.name()),
                models.defines(modelName) ? models.digest(modelName) : NO_MODEL_DEFINITION,
                Digests.of(EvidenceJson.bytes(effectiveSettings(config))),
                hostSettings(config),
                reasons == null ? null : reasonCodes.load(reasons),
                reasons == null ? null : reasonCodes.digest(reasons));
    }

    private static void requireAllowListWithin(PipelineDefinition pipeline, DatasetContract contract) {
        for (String column : pipeline.columns().allowed()) {
            DatasetContract.Column contracted = contract.column(column)
                    .orElseThrow(() -> new ConfigException("pipeline " + pipeline.name() + " allow-lists " + column
                            + ", which the contract of " + contract.dataset() + " (v" + contract.version()
                            + ") does not list"));
            if (contracted.classification() == DatasetContract.Classification.PII) {
                throw new ConfigException("pipeline " + pipeline.name() + " allow-lists " + column
                        + ", classified pii in the contract of " + contract.dataset() + "; scoring never reads PII");
            }
        }
    }

    /** The settings that make two runs comparable: no secrets, no host-specific paths or addresses. */
    private static Map<String, Object> effectiveSettings(ScorehouseConfig config) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("profile", config.profile());
        settings.put("catalog", config.catalog().name());
        settings.put("catalog_user", String.valueOf(config.catalog().user()));
        settings.put("shuffle_partitions", String.valueOf(config.spark().shufflePartitions()));
        settings.put("generate_dev_keys", config.secrets().generateDevKeys());
        Map<String, String> sparkConf = new TreeMap<>();
        config.spark().conf().forEach((key, value) -> {
            if (!SECRET_KEY.matcher(key).matches()) {
                sparkConf.put(key, value);
            }
        });
        settings.put("spark_conf", sparkConf);
        return settings;
    }

    /** Where this attempt ran: recorded, never compared. */
    private static Map<String, String> hostSettings(ScorehouseConfig config) {
        Map<String, String> host = new LinkedHashMap<>();
        host.put("home", config.home().toString());
        host.put("warehouse", config.warehouse());
        host.put("catalog_uri", config.catalog().uri().replaceAll("\\?.*", ""));
        host.put("spark_master", config.spark().master());
        return host;
    }

    /**
     * A run is one configuration: exit 5 naming what changed when this one is not the one
     * {@code record} pinned (runs pinned before configurations were recorded pass).
     * {@code since} ends the message, e.g. "since the first attempt; …".
     */
    void requireSameAs(RunRecord record, String what, String since) {
        List<String> changed = record.config() == null ? List.of() : pin().changedFrom(record.config());
        if (!changed.isEmpty()) {
            throw new IntegrityException(what, String.join(", ", changed) + " changed " + since);
        }
    }

    /** What the run ledger pins and compares on a retry. */
    RunRecord.ConfigPin pin() {
        return new RunRecord.ConfigPin(
                entityKeyId,
                pipelineDigest,
                contractDigest,
                modelDefinitionDigest,
                reasonsDigest == null ? NO_REASONS : reasonsDigest);
    }

    /** The contract's columns as name → Spark SQL type, for the schema check. */
    Map<String, String> contractSchema() {
        Map<String, String> schema = new LinkedHashMap<>();
        contract.columns().forEach(c -> schema.put(c.name(), c.type()));
        return schema;
    }

    /** The columns the contract says are never null. */
    List<String> nonNullColumns() {
        return contract.columns().stream()
                .filter(c -> !c.nullable())
                .map(DatasetContract.Column::name)
                .toList();
    }
}
