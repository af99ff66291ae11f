package io.scorehouse.api;

import io.javalin.http.Context;
import java.util.regex.Pattern;

/** The routes' query parameters, checked before anything is looked up; errors never echo an entity id. */
final class QueryParams {
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern MODEL = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final int MAX_ENTITY_ID = 256;

    private QueryParams() {}

    static boolean isTenant(String value) {
        return TENANT.matcher(value).matches();
    }

    static String tenant(Context ctx) {
        return matching(ctx, "tenant", TENANT);
    }

    static String model(Context ctx) {
        return matching(ctx, "model", MODEL);
    }

    /** The raw entity id: present, at most 256 characters, no control characters. */
    static String entityId(Context ctx) {
        String id = required(ctx, "entity_id");
        if (id.length() > MAX_ENTITY_ID || id.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.badRequest("query parameter 'entity_id' must be 1 to " + MAX_ENTITY_ID
                    + " characters without control characters");
        }
        return id;
    }

    private static String matching(Context ctx, String name, Pattern pattern) {
        String value = required(ctx, name);
        if (!pattern.matcher(value).matches()) {
            throw ApiProblem.badRequest("query parameter '" + name + "' must match " + pattern.pattern());
        }
        return value;
    }

    private static String required(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            throw ApiProblem.badRequest("query parameter '" + name + "' is required");
        }
        return value;
    }
}
