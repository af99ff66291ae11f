package io.scorehouse.gates.registry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scorehouse.gates.signing.InTotoStatement;
import io.scorehouse.gates.signing.SignedFiles;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.IntegrityException;
import io.scorehouse.lakehouse.controlplane.AuditChain;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.controlplane.ControlPlaneException;
import io.scorehouse.lakehouse.controlplane.Transactions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model registry: versions, stages and their history in the control plane; artifacts in
 * {@code artifacts/registry/<model>/<version>/}, signed at registration and re-verified (digest
 * and signature, artifacts and attestation) by {@link #verify} on every load.
 *
 * <p>Every stage change is checked against {@link Stage}'s transition table, applied with an
 * optimistic check on the current stage, and recorded as a {@code model_transitions} row and an
 * audit-chain entry in the same transaction — so a refused or conflicting change leaves no trace
 * but its error.
 *
 * <p>Over 300 lines on purpose: every statement on {@code model_versions} and
 * {@code model_transitions} stays behind this one class, so no other code can change a stage
 * outside its transactions and lifecycle rules.
 */
public final class ModelRegistry {
    public static final String MODEL_FILE = "model.ubj";
    public static final String METADATA_FILE = "model.json";
    public static final String BASELINE_FILE = "baseline.json";
    public static final String SBOM_FILE = "sbom.cdx.json";
    public static final String ARTIFACTS_SIGNATURE = "artifacts.dsse.json";
    public static final String ATTESTATION = "attestation.dsse.json";
    /** What a training run stages. */
    public static final List<String> STAGED_FILES = List.of(MODEL_FILE, METADATA_FILE, BASELINE_FILE, SBOM_FILE);
    /** What the artifacts signature covers: the staged files and the model card written at registration. */
    public static final List<String> SIGNED_FILES =
            List.of(MODEL_FILE, METADATA_FILE, BASELINE_FILE, SBOM_FILE, ModelCard.JSON_FILE, ModelCard.MARKDOWN_FILE);

    static final String ARTIFACTS_PREDICATE = "https://scorehouse.io/model-artifacts/v1";
    static final String PROVENANCE_PREDICATE = "https://slsa.dev/provenance/v1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final String COLUMNS = "model_name, version, stage, model_digest, baseline_digest, sbom_digest, "
            + "attestation_digest, artifact_dir, training_run_id, training_dataset, training_dataset_version, metrics, params, "
            + "features, security_decision, eos_date, eol_date, tags, registered_at, registered_by";
    /** Registered columns plus what later steps of the lifecycle set (promotion binds a policy digest). */
    private static final String READ_COLUMNS = COLUMNS + ", bound_policy_digest";

    private final ControlPlane controlPlane;
    private final ArtifactStore store;
    private final TrustStore trust;
    private final AuditChain audit;
    private final Clock clock;

    public ModelRegistry(ControlPlane controlPlane, ArtifactStore store, TrustStore trust, Clock clock) {
        this.controlPlane = requireNonNull(controlPlane, "controlPlane is null");
        this.store = requireNonNull(store, "store is null");
        this.trust = requireNonNull(trust, "trust is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.audit = new AuditChain(controlPlane, clock);
    }

    /**
     * Registers the next version of {@code registration.name()}: copies the staged files into
     * the artifact store, signs them and a provenance attestation, records the version as
     * Candidate and moves it to Staging. Returns the new version.
     */
    public ModelVersion register(Registration registration, Signer signer) {
        for (String file : STAGED_FILES) {
            if (!Files.isRegularFile(registration.stagedDir().resolve(file))) {
                throw new RegistryException(
                        ExitCode.USAGE, "cannot register " + registration.name() + ": " + file + " is missing");
            }
        }
        ModelRef ref = Transactions.inTransaction(controlPlane, connection -> {
            int version = nextVersion(connection, registration.name());
            ModelRef newRef = new ModelRef(registration.name(), version);
            Path dir = store.registryVersion(newRef.name(), newRef.version());
            copyAndSign(registration, newRef, dir, signer);
            insertVersion(connection, registration, newRef, dir);
            String now = Instant.now(clock).toString();
            record(
                    connection,
                    newRef,
                    null,
                    Stage.CANDIDATE,
                    registration.actor(),
                    "registered by training run " + registration.trainingRunId(),
                    registration.policyDigest(),
                    now);
            record(
                    connection,
                    newRef,
                    Stage.CANDIDATE,
                    Stage.STAGING,
                    registration.actor(),
                    "holdout metrics recorded and artifacts signed",
                    registration.policyDigest(),
                    now);
            return newRef;
        });
        return get(ref);
    }

    public ModelVersion get(ModelRef ref) {
        return find(ref).orElseThrow(() -> new RegistryException(ExitCode.USAGE, "unknown model version " + ref));
    }

    public Optional<ModelVersion> find(ModelRef ref) {
        List<ModelVersion> found = query(
                "SELECT " + READ_COLUMNS + " FROM model_versions WHERE model_name = ? AND version = ?",
                ref.name(),
                ref.version());
        return found.stream().findFirst();
    }

    /** Every version, by model then version; of one model when {@code model} is non-null. */
    public List<ModelVersion> list(String model) {
        return model == null
                ? query("SELECT " + READ_COLUMNS + " FROM model_versions ORDER BY model_name, version")
                : query("SELECT " + READ_COLUMNS + " FROM model_versions WHERE model_name = ? ORDER BY version", model);
    }

    /** The Approved version approved most recently (what "current Approved" pins resolve to). */
    public Optional<ModelVersion> currentApproved(String model) {
        return approvedByRecency(model).stream().findFirst();
    }

    /** The Approved version before the current one, if two coexist (N and N-1). */
    public Optional<ModelVersion> previousApproved(String model) {
        return approvedByRecency(model).stream().skip(1).findFirst();
    }

    public List<Transition> transitions(ModelRef ref) {
        try (Connection connection = controlPlane.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT seq, from_stage, to_stage, actor, reason, policy_digest, "
                                + "transitioned_at FROM model_transitions WHERE model_name = ? AND version = ? ORDER BY seq")) {
            query.setString(1, ref.name());
            query.setInt(2, ref.version());
            List<Transition> transitions = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    transitions.add(new Transition(
                            ref,
                            rs.getInt(1),
                            rs.getString(2) == null ? null : Stage.parse(rs.getString(2)),
                            Stage.parse(rs.getString(3)),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7)));
                }
            }
            return transitions;
        } catch (SQLException e) {
            throw new ControlPlaneException("cannot read transitions of " + ref + ": " + e.getMessage(), e);
        }
    }

    /**
     * Moves a version to another stage if the lifecycle allows it; refused transitions exit 3.
     * Approved is never reached this way: only {@link #approveRelease} (the promotion gate) and
     * {@link #reinstate} (rollback) lead there, so an Approved version always carries the policy
     * snapshot its release bound.
     */
    public ModelVersion transition(ModelRef ref, Stage to, String actor, String reason, String policyDigest) {
        return move(ref, to, actor, reason, policyDigest, Route.ORDINARY);
    }

    /**
     * The promotion gate's last step: Staging → Approved and the release's policy binding, in one
     * transaction, so an Approved version is never seen without the policy snapshot it was
     * released under. The caller has evaluated {@code registry.promote}.
     */
    public ModelVersion approveRelease(ModelRef ref, String policyDigest, String actor, String reason) {
        if (get(ref).stage() != Stage.STAGING) {
            throw new RegistryException(
                    ExitCode.POLICY_REFUSED, ref + " is " + get(ref).stage() + "; only a Staging version is promoted");
        }
        return move(ref, Stage.APPROVED, actor, reason, policyDigest, Route.RELEASE);
    }

    /**
     * Rollback's step: a Deprecated version that was released before is Approved again, under the
     * policy snapshot its release bound (refused, exit 3, for a version never released).
     */
    public ModelVersion reinstate(ModelRef ref, String actor, String reason, String policyDigest) {
        ModelVersion version = get(ref);
        if (version.stage() != Stage.DEPRECATED || !version.policyBound()) {
            throw new RegistryException(
                    ExitCode.POLICY_REFUSED,
                    ref + " is " + version.stage() + (version.policyBound() ? "" : ", never released")
                            + "; only a released, Deprecated version is reinstated");
        }
        return move(ref, Stage.APPROVED, actor, reason, policyDigest, Route.ROLLBACK);
    }

    /** How a stage change was asked for: the release path alone may reach Approved, and only promotion binds a policy. */
    private enum Route {
        ORDINARY,
        RELEASE,
        ROLLBACK
    }

    private ModelVersion move(ModelRef ref, Stage to, String actor, String reason, String policyDigest, Route route) {
        boolean bindPolicy = route == Route.RELEASE;
        requireNonNull(reason, "reason is null");
        if (reason.isBlank()) {
            throw new RegistryException(ExitCode.USAGE, "a transition needs a reason");
        }
        Transactions.inTransaction(controlPlane, connection -> {
            Stage from = currentStage(connection, ref);
            if (!from.canMoveTo(to)) {
                throw new RegistryException(
                        ExitCode.POLICY_REFUSED,
                        ref + " cannot move from " + from + " to " + to
                                + (from.next().isEmpty()
                                        ? " (" + from + " is final)"
                                        : " (allowed: " + joinLabels(from) + ")"));
            }
            if (to == Stage.APPROVED && route == Route.ORDINARY) {
                throw new RegistryException(
                        ExitCode.POLICY_REFUSED,
                        ref + ": Approved is reached only through 'promote' "
                                + "(the registry.promote gate) or 'rollback'");
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE model_versions SET stage = ?" + (bindPolicy ? ", bound_policy_digest = ?" : "")
                            + " WHERE model_name = ? AND version = ? AND stage = ?")) {
                int i = 1;
                update.setString(i++, to.label());
                if (bindPolicy) {
                    update.setString(i++, policyDigest);
                }
                update.setString(i++, ref.name());
                update.setInt(i++, ref.version());
                update.setString(i, from.label());
                if (update.executeUpdate() != 1) {
                    throw new RegistryException(ExitCode.UNEXPECTED, ref + " changed stage concurrently; retry");
                }
            }
            record(
                    connection,
                    ref,
                    from,
                    to,
                    actor,
                    reason,
                    policyDigest,
                    Instant.now(clock).toString());
            if (bindPolicy) {
                audit.append(
                        connection,
                        actor,
                        "model.policy-bound",
                        ref.toString(),
                        json(Map.of("policy_digest", policyDigest, "reason", reason)));
            }
            return null;
        });
        return get(ref);
    }

    /** Sets end of support / end of life (YYYY-MM-DD, or null to clear); audited. */
    public ModelVersion setLifecycleDates(
            ModelRef ref, String endOfSupport, String endOfLife, String actor, String reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("eos", endOfSupport);
        details.put("eol", endOfLife);
        details.put("reason", reason);
        return updateAudited(
                ref,
                "eos_date = ?, eol_date = ?",
                Arrays.asList(endOfSupport, endOfLife),
                actor,
                "model.lifecycle",
                details);
    }

    /** Appends a lifecycle event about {@code ref} (e.g. a release) to the audit chain. */
    public void recordEvent(String actor, String action, ModelRef ref, Map<String, Object> details) {
        Transactions.inTransaction(
                controlPlane, connection -> audit.append(connection, actor, action, ref.toString(), json(details)));
    }

    /** Sets columns of one version and appends the audit entry, in one transaction. */
    private ModelVersion updateAudited(
            ModelRef ref,
            String assignments,
            List<String> values,
            String actor,
            String action,
            Map<String, Object> details) {
        Transactions.inTransaction(controlPlane, connection -> {
            currentStage(connection, ref);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE model_versions SET " + assignments + " WHERE model_name = ? AND version = ?")) {
                int i = 1;
                for (String value : values) {
                    update.setString(i++, value);
                }
                update.setString(i++, ref.name());
                update.setInt(i, ref.version());
                update.executeUpdate();
            }
            audit.append(connection, actor, action, ref.toString(), json(details));
            return null;
        });
        return get(ref);
    }

    /**
     * Re-verifies a version's artifacts: the artifact signature and the attestation verify
     * against the trust store, every signed file still hashes to its signed digest, and those
     * digests are the ones the registry recorded. Any mismatch is an integrity failure (exit 5).
     */
    public VerifiedModel verify(ModelRef ref) {
        ModelVersion version = get(ref);
        Path dir = version.artifactDir();
        String what = "model " + ref;
        InTotoStatement artifacts = SignedFiles.verify(trust, dir, ARTIFACTS_SIGNATURE, what);
        requireRecorded(what, MODEL_FILE, version.modelDigest(), artifacts);
        requireRecorded(what, BASELINE_FILE, version.baselineDigest(), artifacts);
        requireRecorded(what, SBOM_FILE, version.sbomDigest(), artifacts);

        InTotoStatement provenance = SignedFiles.verify(trust, dir, ATTESTATION, what + " attestation");
        requireRecorded(what + " attestation", MODEL_FILE, version.modelDigest(), provenance);
        if (!Digests.of(dir.resolve(ATTESTATION)).equals(version.attestationDigest())) {
            throw new IntegrityException(what, "attestation differs from the one registered");
        }
        return new VerifiedModel(
                version,
                dir.resolve(MODEL_FILE),
                dir.resolve(BASELINE_FILE),
                dir.resolve(METADATA_FILE),
                provenance.predicate(),
                // Only a card the verified signature covers counts (versions registered before cards had none).
                artifacts.digestOf(ModelCard.JSON_FILE) == null
                        ? java.util.Optional.empty()
                        : java.util.Optional.of(dir.resolve(ModelCard.JSON_FILE)));
    }

    /** The control plane's audit chain (for audit listings and verification). */
    public AuditChain audit() {
        return audit;
    }

    private static void requireRecorded(String what, String file, String recorded, InTotoStatement statement) {
        String signed = statement.digestOf(file);
        if (signed == null || !(Digests.PREFIX + signed).equals(recorded)) {
            throw new IntegrityException(what, file + " digest differs from the registry record");
        }
    }

    private void copyAndSign(Registration registration, ModelRef ref, Path dir, Signer signer) {
        try {
            Files.createDirectories(dir);
            for (String file : STAGED_FILES) {
                Files.copy(
                        registration.stagedDir().resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the artifacts of " + ref + " into " + dir, e);
        }
        card(registration, ref).write(dir);
        SignedFiles.sign(
                signer,
                dir,
                SIGNED_FILES,
                ARTIFACTS_SIGNATURE,
                ARTIFACTS_PREDICATE,
                Map.of("model", ref.name(), "version", ref.version()));
        SignedFiles.sign(
                signer, dir, List.of(MODEL_FILE), ATTESTATION, PROVENANCE_PREDICATE, provenance(registration, ref));
    }

    private ModelCard card(Registration registration, ModelRef ref) {
        return new ModelCard(
                ref.name(),
                ref.version(),
                registration.description(),
                registration.purpose(),
                registration.trainingData(),
                registration.features(),
                registration.metrics(),
                registration.params(),
                registration.trainingRunId(),
                Instant.now(clock),
                registration.actor());
    }

    private static Map<String, Object> provenance(Registration registration, ModelRef ref) {
        Map<String, Object> buildDefinition = new LinkedHashMap<>();
        buildDefinition.put("buildType", "https://scorehouse.io/train/v1");
        buildDefinition.put(
                "externalParameters",
                Map.of("model", ref.toString(), "params", registration.params(), "features", registration.features()));
        buildDefinition.put(
                "resolvedDependencies",
                List.of(Map.of(
                        "uri",
                        "delta:" + registration.trainingDataset(),
                        "annotations",
                        Map.of("deltaVersion", registration.trainingDatasetVersion()))));
        Map<String, Object> runDetails = new LinkedHashMap<>();
        runDetails.put("builder", Map.of("id", "https://scorehouse.io/builders/train"));
        runDetails.put("metadata", Map.of("invocationId", registration.trainingRunId()));
        return Map.of("buildDefinition", buildDefinition, "runDetails", runDetails);
    }

    private void insertVersion(Connection connection, Registration r, ModelRef ref, Path dir) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO model_versions (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            insert.setString(i++, ref.name());
            insert.setInt(i++, ref.version());
            insert.setString(i++, Stage.STAGING.label());
            insert.setString(i++, Digests.of(dir.resolve(MODEL_FILE)));
            insert.setString(i++, Digests.of(dir.resolve(BASELINE_FILE)));
            insert.setString(i++, Digests.of(dir.resolve(SBOM_FILE)));
            insert.setString(i++, Digests.of(dir.resolve(ATTESTATION)));
            insert.setString(i++, dir.toString());
            insert.setString(i++, r.trainingRunId());
            insert.setString(i++, r.trainingDataset());
            insert.setLong(i++, r.trainingDatasetVersion());
            insert.setString(i++, json(r.metrics()));
            insert.setString(i++, json(r.params()));
            insert.setString(i++, json(r.features()));
            insert.setString(i++, r.securityDecision());
            insert.setString(i++, null);
            insert.setString(i++, null);
            insert.setString(i++, json(r.tags()));
            insert.setString(i++, Instant.now(clock).toString());
            insert.setString(i, r.actor());
            insert.executeUpdate();
        }
    }

    private void record(
            Connection connection,
            ModelRef ref,
            Stage from,
            Stage to,
            String actor,
            String reason,
            String policyDigest,
            String at)
            throws SQLException {
        int seq;
        try (PreparedStatement max = connection.prepareStatement(
                "SELECT COALESCE(MAX(seq), 0) FROM model_transitions WHERE model_name = ? AND version = ?")) {
            max.setString(1, ref.name());
            max.setInt(2, ref.version());
            try (ResultSet rs = max.executeQuery()) {
                rs.next();
                seq = rs.getInt(1) + 1;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO model_transitions (model_name, version, seq, "
                        + "from_stage, to_stage, actor, reason, policy_digest, transitioned_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, ref.name());
            insert.setInt(2, ref.version());
            insert.setInt(3, seq);
            insert.setString(4, from == null ? null : from.label());
            insert.setString(5, to.label());
            insert.setString(6, actor);
            insert.setString(7, reason);
            insert.setString(8, policyDigest);
            insert.setString(9, at);
            insert.executeUpdate();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", from == null ? null : from.label());
        details.put("to", to.label());
        details.put("reason", reason);
        details.put("policy_digest", policyDigest);
        audit.append(connection, actor, "model.transition", ref.toString(), json(details));
    }

    private Stage currentStage(Connection connection, ModelRef ref) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT stage FROM model_versions WHERE model_name = ? AND version = ?")) {
            query.setString(1, ref.name());
            query.setInt(2, ref.version());
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new RegistryException(ExitCode.USAGE, "unknown model version " + ref);
                }
                return Stage.parse(rs.getString(1));
            }
        }
    }

    private static int nextVersion(Connection connection, String model) throws SQLException {
        try (PreparedStatement max = connection.prepareStatement(
                "SELECT COALESCE(MAX(version), 0) FROM model_versions WHERE model_name = ?")) {
            max.setString(1, model);
            try (ResultSet rs = max.executeQuery()) {
                rs.next();
                return rs.getInt(1) + 1;
            }
        }
    }

    private List<ModelVersion> approvedByRecency(String model) {
        List<ModelVersion> approved = new ArrayList<>(query(
                "SELECT " + READ_COLUMNS + " FROM model_versions WHERE model_name = ? AND stage = ?",
                model,
                Stage.APPROVED.label()));
        Map<ModelRef, String> approvedAt = new LinkedHashMap<>();
        for (ModelVersion version : approved) {
            approvedAt.put(
                    version.ref(),
                    transitions(version.ref()).stream()
                            .filter(t -> t.to() == Stage.APPROVED)
                            .map(Transition::at)
                            .reduce((first, second) -> second)
                            .orElse(""));
        }
        approved.sort((a, b) -> {
            int byTime = approvedAt.get(b.ref()).compareTo(approvedAt.get(a.ref()));
            return byTime != 0
                    ? byTime
                    : Integer.compare(b.ref().version(), a.ref().version());
        });
        return approved;
    }

    private List<ModelVersion> query(String sql, Object... args) {
        try (Connection connection = controlPlane.connect();
                PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                query.setObject(i + 1, args[i]);
            }
            List<ModelVersion> versions = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    versions.add(read(rs));
                }
            }
            return versions;
        } catch (SQLException e) {
            throw new ControlPlaneException("cannot read the model registry: " + e.getMessage(), e);
        }
    }

    private static ModelVersion read(ResultSet rs) throws SQLException {
        return new ModelVersion(
                new ModelRef(rs.getString("model_name"), rs.getInt("version")),
                Stage.parse(rs.getString("stage")),
                rs.getString("model_digest"),
                rs.getString("baseline_digest"),
                rs.getString("sbom_digest"),
                rs.getString("attestation_digest"),
                Path.of(rs.getString("artifact_dir")),
                rs.getString("training_run_id"),
                rs.getString("training_dataset"),
                rs.getLong("training_dataset_version"),
                parse(rs.getString("metrics"), new TypeReference<Map<String, Double>>() {}),
                parse(rs.getString("params"), new TypeReference<Map<String, Object>>() {}),
                parse(rs.getString("features"), new TypeReference<List<String>>() {}),
                rs.getString("security_decision"),
                rs.getString("eos_date"),
                rs.getString("eol_date"),
                parse(rs.getString("tags"), new TypeReference<Map<String, String>>() {}),
                rs.getString("registered_at"),
                rs.getString("registered_by"),
                rs.getString("bound_policy_digest"));
    }

    private static String joinLabels(Stage from) {
        return String.join(", ", from.next().stream().map(Stage::label).toList());
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new ControlPlaneException("corrupt registry JSON column: " + e.getOriginalMessage(), e);
        }
    }
}
