package io.scorehouse.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refused request, answered as an RFC 7807 {@code application/problem+json} body. The detail
 * names the problem and never echoes a raw entity id, a token or another tenant's data.
 */
final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    ApiProblem(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "Bad Request", detail);
    }

    static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "Unauthorized", detail)
                .header(
                        "WWW-Authenticate",
                        "Bearer realm=\"scorehouse\", error=\"invalid_token\", error_description=\""
                                + detail.replace("\"", "'") + "\"");
    }

    static ApiProblem forbidden(String detail, Object failedRules) {
        return new ApiProblem(403, "Forbidden", detail).with("failed_rules", failedRules);
    }

    static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "Not Found", detail);
    }

    static ApiProblem tooManyRequests(long retryAfterSeconds) {
        return new ApiProblem(
                        429,
                        "Too Many Requests",
                        "rate limit of this client exceeded; retry after " + retryAfterSeconds + " s")
                .header("Retry-After", Long.toString(retryAfterSeconds));
    }

    ApiProblem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    ApiProblem with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    /** The scored.read rules that refused the request (empty for other problems). */
    List<String> failedRules() {
        Object rules = extensions.get("failed_rules");
        return rules instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of();
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** The RFC 7807 members, then this problem's extensions. */
    Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://scorehouse.io/problems/" + status);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        body.put("instance", instance);
        body.putAll(extensions);
        return body;
    }
}
