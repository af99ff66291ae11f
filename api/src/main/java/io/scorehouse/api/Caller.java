package io.scorehouse.api;

import java.util.List;

/**
 * Who is calling, from a verified bearer token.
 *
 * @param client the token's {@code sub}
 * @param tenant the tenant the client acts for
 * @param roles  its roles (from the role vocabulary)
 */
record Caller(String client, String tenant, List<String> roles) {
    Caller {
        roles = List.copyOf(roles);
    }
}
