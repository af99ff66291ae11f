package io.scorehouse.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.scorehouse.api.history.ScoreHistory;
import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.EntityTokenizer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code GET /api/scored/v1/search}: one entity's score history, paged. Every page of one search
 * reads the snapshot its first page read, even while runs publish; a token whose snapshot has
 * expired is a 410. The raw id is tokenized here and goes no further.
 */
final class SearchRoute {
    static final String PATH = "/api/scored/v1/search";
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 500;
    static final int MAX_DAYS = 366;
    private static final Pattern DECISION = Pattern.compile("[a-z][a-z_]{0,31}");

    private final ScoreHistory history;
    private final PageTokens pageTokens;
    private final ThreadLocal<EntityTokenizer> tokenizer;

    SearchRoute(ScoreHistory history, PageTokens pageTokens, Supplier<EntityTokenizer> tokenizers) {
        this.history = requireNonNull(history, "history is null");
        this.pageTokens = requireNonNull(pageTokens, "pageTokens is null");
        this.tokenizer = ThreadLocal.withInitial(tokenizers);
    }

    void handle(Context ctx, Caller caller, ReadAccess access) {
        String tenant = QueryParams.tenant(ctx);
        String model = QueryParams.model(ctx);
        String entityId = QueryParams.entityId(ctx);
        LocalDate to = date(ctx, "to", LocalDate.now(ZoneOffset.UTC));
        LocalDate from = date(ctx, "from", to.minusDays(30));
        if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw ApiProblem.badRequest("from..to must be 1 to " + MAX_DAYS + " days with from <= to");
        }
        String decision = ctx.queryParam("decision");
        if (decision != null && !DECISION.matcher(decision).matches()) {
            throw ApiProblem.badRequest("query parameter 'decision' must match " + DECISION.pattern());
        }
        int pageSize = pageSize(ctx);
        ReadAccess.Grant grant = access.require(caller, tenant, PATH, ctx.header(ApiServer.PURPOSE_HEADER));

        String entityKey = tokenizer.get().token(tenant, entityId);
        ScoreHistory.Query query = new ScoreHistory.Query(tenant, entityKey, model, from, to, decision);
        String queryHash = Digests.sha256Hex(String.join(
                "|",
                caller.client(),
                tenant,
                model,
                entityKey,
                from.toString(),
                to.toString(),
                String.valueOf(decision)));
        String token = ctx.queryParam("page_token");
        Optional<PageTokens.Position> after =
                token == null || token.isEmpty() ? Optional.empty() : Optional.of(pageTokens.read(token, queryHash));
        Optional<Long> snapshot = after.map(PageTokens.Position::snapshotId).or(history::currentSnapshot);
        if (after.isPresent() && !history.hasSnapshot(snapshot.orElseThrow())) {
            throw new ApiProblem(
                    410, "Gone", "the snapshot this search was reading has expired; start the search again");
        }
        List<ScoreHistory.Row> rows =
                snapshot.map(id -> history.read(query, id)).orElse(List.of());
        List<ScoreHistory.Row> remaining = rows.stream()
                .filter(r -> after.map(p -> isAfter(r, p)).orElse(true))
                .toList();
        List<ScoreHistory.Row> page = remaining.subList(0, Math.min(pageSize, remaining.size()));

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("snapshot_id", snapshot.orElse(null));
        body.put("items", page.stream().map(r -> masked(r, grant)).toList());
        body.put(
                "next_page_token",
                remaining.size() > page.size()
                        ? pageTokens.issue(
                                new PageTokens.Position(
                                        snapshot.orElseThrow(),
                                        page.get(page.size() - 1).asOfOutMicros(),
                                        page.get(page.size() - 1).requestId()),
                                queryHash)
                        : null);
        body.put("masked_fields", grant.maskedFields());
        body.put("policy_digest", grant.policyDigest());
        ctx.attribute(ApiServer.ROWS, (long) page.size());
        snapshot.ifPresent(id -> ctx.attribute(ApiServer.SNAPSHOT, id));
        ctx.json(body);
    }

    private static boolean isAfter(ScoreHistory.Row row, PageTokens.Position position) {
        return row.asOfOutMicros() > position.asOfOutMicros()
                || (row.asOfOutMicros() == position.asOfOutMicros()
                        && row.requestId().compareTo(position.requestId()) > 0);
    }

    private static Map<String, Object> masked(ScoreHistory.Row row, ReadAccess.Grant grant) {
        Map<String, Object> item = new LinkedHashMap<>(row.columns());
        for (String field : grant.maskedFields()) {
            if (item.containsKey(field)) {
                item.put(field, null);
            }
        }
        return item;
    }

    private static LocalDate date(Context ctx, String name, LocalDate absent) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("query parameter '" + name + "' must be a date YYYY-MM-DD");
        }
    }

    private static int pageSize(Context ctx) {
        String value = ctx.queryParam("page_size");
        if (value == null || value.isEmpty()) {
            return DEFAULT_PAGE;
        }
        try {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= MAX_PAGE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badRequest("query parameter 'page_size' must be 1 to " + MAX_PAGE);
    }
}
