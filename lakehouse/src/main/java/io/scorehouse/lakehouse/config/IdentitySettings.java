package io.scorehouse.lakehouse.config;

import java.util.List;

/**
 * Who this process acts as. The jobs publish as {@code serviceAccount} ({@code scored.write}); the
 * reporting commands (recon) read as {@code caller} with {@code roles}, which flags may narrow but
 * never widen. Role names come from the vocabulary in {@code conf/policies/roles.yaml}.
 *
 * @param serviceAccount the account scoring runs publish as (a pipeline may name its own)
 * @param caller         the person or account running reporting commands
 * @param roles          the caller's roles
 */
public record IdentitySettings(String serviceAccount, String caller, List<String> roles) {
    public IdentitySettings {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}
