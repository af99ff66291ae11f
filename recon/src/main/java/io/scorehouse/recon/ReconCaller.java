package io.scorehouse.recon;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Who runs a reconciliation and why: the configured caller, the roles it uses (the configured
 * ones, or fewer) and the declared purpose. {@code recon.access} and {@code recon.limits} decide
 * with them; the report and the audit record them.
 */
public record ReconCaller(String caller, List<String> roles, String purpose) {
    public ReconCaller {
        requireNonNull(caller, "caller is null");
        roles = List.copyOf(requireNonNull(roles, "roles is null"));
        requireNonNull(purpose, "purpose is null");
    }
}
