package io.scorehouse.lakehouse;

/**
 * Process exit codes that schedulers (Argo, cron) rely on. Stable: never renumber.
 */
public enum ExitCode {
    OK(0),
    UNEXPECTED(1),
    USAGE(2),
    POLICY_REFUSED(3),
    DATA_QUALITY(4),
    INTEGRITY(5),
    /** Only when asked for (recon --exit-on-guardrail): the run succeeded and a guardrail fired. */
    GUARDRAIL(6);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
