package io.scorehouse.gates.access;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scorehouse.gates.policy.Decision;
import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scored.read} compiled into Trino's file-based access control (DESIGN §3): the same policy that
 * authorizes every Access API request decides, analyst by analyst and view by view, what Trino lets them query.
 * An analyst is granted a governed view when {@code scored.read} allows route {@code trino:<view>} for their
 * tenant, roles and declared purpose; the grant filters rows to their tenant and masks the fields the policy's
 * {@code masked_fields} names. The views' owner (they run with its rights) may read the tables under them;
 * nobody else is granted a table, so an analyst's query on a raw table is denied.
 */
public final class TrinoAccessRules {
    /** The route prefix of a governed view in {@code scored.read}'s grants. */
    public static final String ROUTE_PREFIX = "trino:";

    /** The governed views analysts may be granted (schema.view in the Iceberg catalog). */
    public static final List<String> VIEWS = List.of("scored.v_last", "scored.v_history");

    /** A column's mask: a literal of the column's type, so Trino accepts it in place of the value. */
    private static final Map<String, String> MASKS = Map.of(
            "entity_key",
            "'masked'",
            "explanations",
            "CAST(NULL AS array(row(feature varchar, contribution double)))",
            "reason_codes",
            "CAST(NULL AS array(varchar))");

    private final PolicyBundle policies;
    private final String catalog;
    private final String owner;

    public TrinoAccessRules(PolicyBundle policies, String catalog, String owner) {
        this.policies = requireNonNull(policies, "policies is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.owner = requireNonNull(owner, "owner is null");
    }

    /** The rules and, per analyst and view, what {@code scored.read} decided. */
    public record Generated(String json, List<Grant> grants) {}

    /** One analyst and view: granted (with the masked fields) or refused (with the policy's reasons). */
    public record Grant(String user, String view, boolean allowed, List<String> maskedFields, String reasons) {}

    public Generated generate(List<Analyst> analysts) {
        List<Grant> grants = new ArrayList<>();
        List<Map<String, Object>> tables = new ArrayList<>();
        tables.add(rule(
                "user",
                owner,
                "catalog",
                catalog,
                "privileges",
                List.of("SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP", "GRANT_SELECT")));
        for (Analyst analyst : analysts) {
            for (String view : VIEWS) {
                Grant grant = decide(analyst, view);
                grants.add(grant);
                if (grant.allowed()) {
                    tables.add(tableRule(analyst, view, grant.maskedFields()));
                }
            }
        }
        List<String> users = analysts.stream().map(Analyst::user).toList();
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put(
                "catalogs",
                List.of(
                        rule("user", owner, "catalog", catalog, "allow", "all"),
                        rule("user", anyOf(users), "catalog", catalog, "allow", "read-only"),
                        rule("catalog", "system", "allow", "read-only")));
        rules.put("schemas", List.of(rule("user", owner, "catalog", catalog, "owner", true)));
        tables.add(rule("catalog", "system", "schema", "jdbc|metadata", "privileges", List.of("SELECT")));
        rules.put("tables", tables);
        try {
            String json = new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(rules);
            return new Generated(json + "\n", List.copyOf(grants));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the Trino rules did not serialize", e);
        }
    }

    private Grant decide(Analyst analyst, String view) {
        Decision decision = policies.decide(
                DecisionPoint.SCORED_READ,
                Map.of(
                        "action",
                        "read",
                        "tenant",
                        analyst.tenant(),
                        "claims",
                        Map.of("sub", analyst.user(), "tenant", analyst.tenant(), "roles", analyst.roles()),
                        "route",
                        ROUTE_PREFIX + view,
                        "purpose",
                        analyst.purpose()));
        Object masked = decision.outputs().get("masked_fields");
        List<String> fields = masked instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of();
        return new Grant(analyst.user(), view, decision.allowed(), fields, decision.reasons());
    }

    private Map<String, Object> tableRule(Analyst analyst, String view, List<String> maskedFields) {
        String[] parts = view.split("\\.", 2);
        Map<String, Object> rule = rule(
                "user",
                analyst.user(),
                "catalog",
                catalog,
                "schema",
                parts[0],
                "table",
                parts[1],
                "privileges",
                List.of("SELECT"),
                "filter",
                "tenant_id = '" + analyst.tenant().replace("'", "''") + "'");
        List<Map<String, Object>> columns = new ArrayList<>();
        for (String field : maskedFields) {
            String mask = MASKS.get(field);
            if (mask == null) {
                throw new IllegalStateException("scored.read masks " + field + ", which has no Trino mask");
            }
            columns.add(rule("name", field, "mask", mask));
        }
        if (!columns.isEmpty()) {
            rule.put("columns", columns);
        }
        return rule;
    }

    /** Trino matches user names as whole-string regular expressions; analysts' names hold no regex syntax. */
    private static String anyOf(List<String> users) {
        return String.join("|", users);
    }

    private static Map<String, Object> rule(Object... keyValues) {
        Map<String, Object> rule = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            rule.put((String) keyValues[i], keyValues[i + 1]);
        }
        return rule;
    }
}
