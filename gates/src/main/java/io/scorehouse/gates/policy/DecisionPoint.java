package io.scorehouse.gates.policy;

/** Where the product asks a policy: one policy file of {@code conf/policies} per decision point, named by its id. */
public enum DecisionPoint {
    BATCH_MODEL("batch.model"),
    BATCH_DATA("batch.data"),
    BATCH_RUN("batch.run"),
    STAGING_REPORT("staging.report"),
    SHADOW_EVALUATE("shadow.evaluate"),
    CANARY_PROCEED("canary.proceed"),
    REGISTRY_PROMOTE("registry.promote"),
    SCORED_READ("scored.read"),
    SCORED_WRITE("scored.write"),
    SCORED_RETENTION("scored.retention"),
    RECON_LIMITS("recon.limits"),
    RECON_GUARDRAILS("recon.guardrails"),
    RECON_TARGETS("recon.targets"),
    RECON_ACCESS("recon.access");

    private final String id;

    DecisionPoint(String id) {
        this.id = id;
    }

    /** The policy's name, e.g. {@code batch.model}. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
