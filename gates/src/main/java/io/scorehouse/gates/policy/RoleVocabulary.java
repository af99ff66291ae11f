package io.scorehouse.gates.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one list of role names ({@code conf/policies/roles.yaml}, part of the bundle and its
 * digest): every policy parameter that names roles, the configured identity and the Access API
 * use these names and no others.
 */
public record RoleVocabulary(Map<String, String> roles) {
    static final String FILE = "roles.yaml";

    public RoleVocabulary {
        roles = Map.copyOf(new TreeMap<>(roles));
    }

    public boolean defines(String role) {
        return roles.containsKey(role);
    }

    public Set<String> names() {
        return new java.util.TreeSet<>(roles.keySet());
    }

    /**
     * Every list parameter whose key ends in {@code roles}, and every key of a map parameter whose
     * key ends in {@code grants} (role → what it is granted), names only known roles.
     */
    void checkParams(String policyFile, Map<String, Object> params) {
        params.forEach((key, value) -> {
            if (key.endsWith("roles") && value instanceof List<?> named) {
                named.forEach(role -> requireDefined(policyFile, key, role));
            } else if (key.endsWith("grants") && value instanceof Map<?, ?> granted) {
                granted.keySet().forEach(role -> requireDefined(policyFile, key, role));
            }
        });
    }

    private void requireDefined(String policyFile, String key, Object role) {
        if (!defines(String.valueOf(role))) {
            throw new PolicyException(policyFile + ": params." + key + " names role '" + role
                    + "', which the role vocabulary (" + FILE + ") does not define (known: "
                    + String.join(", ", names()) + ")");
        }
    }
}
