package io.scorehouse.gates.access;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A Trino user who queries governed views: the tenant their rows are filtered to, their roles (from the role
 * vocabulary) and the purpose they declared when they were provisioned — what a token's claims and the
 * {@code X-Purpose} header are to the Access API.
 */
public record Analyst(String user, String tenant, List<String> roles, String purpose) {
    /** Names Trino's rules can match literally: no regular-expression syntax. */
    static final Pattern USER = Pattern.compile("[A-Za-z0-9_-]+");

    public Analyst {
        requireNonNull(user, "user is null");
        requireNonNull(tenant, "tenant is null");
        roles = List.copyOf(roles);
        requireNonNull(purpose, "purpose is null");
    }
}
