package io.scorehouse.api;

import static io.scorehouse.api.TestApi.ok;
import static io.scorehouse.api.TestApi.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scorehouse.api.history.ScoreHistory;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /search} over real HTTPS against a real Iceberg table (Parquet files written with the
 * Iceberg API, read back without Spark): history, masking, paging pinned to one snapshot while
 * new scores publish, tampered and foreign page tokens, expired snapshots, revoked versions.
 */
class SearchApiTest {
    private static final String RAW = "CUST-CANARY-SEARCH-5521";
    private static final String OTHER_RAW = "CUST-CANARY-SEARCH-9090";
    private static TestApi api;
    private static HistoryTables tables;
    private static String key;

    @BeforeAll
    static void aScoredHistory() throws Exception {
        api = new TestApi(TestLakehouse.config(), TestLakehouse.config().api().orElseThrow());
        EntityTokenizer tokenizer = EntityTokenizer.fromConfig(api.config);
        key = tokenizer.token("acme", RAW);
        tables = new HistoryTables(ScoreHistory.catalog(api.config, new ControlPlane(api.config.catalog())));
        List<Record> rows = new ArrayList<>();
        for (int day = 1; day <= 5; day++) {
            rows.add(HistoryTables.score(
                    String.format("%032x", day),
                    "acme",
                    key,
                    1,
                    day / 10.0,
                    day % 2 == 0 ? "deny" : "approve",
                    at(day)));
            rows.add(HistoryTables.score(
                    String.format("%032x", 100 + day),
                    "acme",
                    tokenizer.token("acme", OTHER_RAW),
                    1,
                    0.5,
                    "hold",
                    at(day)));
        }
        // a version revoked since: never served
        rows.add(HistoryTables.score(String.format("%032x", 900), "acme", key, 9, 0.99, "deny", at(3).plusMinutes(5)));
        tables.append(rows);
        tables.revoke("churn", 9);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void theEntitysHistoryInOrderMaskedForAConsumerAndWithoutRevokedVersions() throws Exception {
        JsonNode consumer = ok(search(api.token("acme", "consumer"), "credit-decision", ""));
        assertThat(consumer.path("items").size()).isEqualTo(5);
        assertThat(consumer.path("items").findValuesAsText("request_id"))
                .containsExactly(id(1), id(2), id(3), id(4), id(5));
        assertThat(consumer.path("items").get(0).path("entity_key").isNull()).isTrue();
        assertThat(consumer.path("items").get(0).path("explanations").isNull()).isTrue();
        assertThat(consumer.path("items").get(0).path("as_of_out").asText()).isEqualTo("2026-11-01T08:00:00Z");
        assertThat(consumer.path("items").findValuesAsText("model_version")).doesNotContain("9");
        assertThat(consumer.path("next_page_token").isNull()).isTrue();
        assertThat(consumer.toString()).doesNotContain(RAW);

        JsonNode analyst = ok(search(api.token("acme", "risk-analyst"), "model-risk-review", "&decision=deny"));
        assertThat(analyst.path("items").findValuesAsText("request_id")).containsExactly(id(2), id(4));
        assertThat(analyst.path("items").get(0).path("entity_key").asText()).isEqualTo(key);
        assertThat(analyst.path("items")
                        .get(0)
                        .path("explanations")
                        .get(0)
                        .path("feature")
                        .asText())
                .isEqualTo("tenure_months");

        JsonNode auditor = ok(search(api.token("acme", "auditor"), "audit", ""));
        assertThat(auditor.path("items").size()).isEqualTo(5);
        assertThat(problem(search(api.token("globex", "consumer"), "credit-decision", ""), 403)
                        .toString())
                .contains("tenant_matches_claim")
                .doesNotContain(id(1));
    }

    @Test
    void pagesStayOnTheirSnapshotWhileNewScoresPublishAndTamperedTokensAre400() throws Exception {
        String token = api.token("acme", "consumer");
        JsonNode first = ok(search(token, "credit-decision", "&page_size=2"));
        assertThat(first.path("items").size()).isEqualTo(2);
        String next = first.path("next_page_token").asText();
        long snapshot = first.path("snapshot_id").asLong();

        // a run publishes a newer score of the same entity between two pages
        long published = tables.append(
                List.of(HistoryTables.score(String.format("%032x", 6), "acme", key, 1, 0.6, "approve", at(6))));
        assertThat(published).isNotEqualTo(snapshot);

        List<String> seen = new ArrayList<>(first.path("items").findValuesAsText("request_id"));
        while (!next.isEmpty()) {
            JsonNode page = ok(search(token, "credit-decision", "&page_size=2&page_token=" + next));
            assertThat(page.path("snapshot_id").asLong()).isEqualTo(snapshot);
            seen.addAll(page.path("items").findValuesAsText("request_id"));
            next = page.path("next_page_token").isNull()
                    ? ""
                    : page.path("next_page_token").asText();
        }
        assertThat(seen).containsExactly(id(1), id(2), id(3), id(4), id(5));
        assertThat(ok(search(token, "credit-decision", "")).path("items").size())
                .isEqualTo(6);

        String valid = first.path("next_page_token").asText();
        String tampered = valid.substring(0, 3) + (valid.charAt(3) == 'A' ? 'B' : 'A') + valid.substring(4);
        assertThat(problem(search(token, "credit-decision", "&page_size=2&page_token=" + tampered), 400)
                        .path("detail")
                        .asText())
                .contains("page_token");
        // another caller replaying the token, or the token on another query
        assertThat(problem(
                                search(
                                        api.token("other-client", "acme", "consumer"),
                                        "credit-decision",
                                        "&page_size=2&page_token=" + valid),
                                400)
                        .path("detail")
                        .asText())
                .contains("another query or caller");
        assertThat(problem(search(token, "credit-decision", "&page_size=2&decision=deny&page_token=" + valid), 400)
                        .path("detail")
                        .asText())
                .contains("another query or caller");

        tables.expire(snapshot);
        problem(search(token, "credit-decision", "&page_size=2&page_token=" + valid), 410);
    }

    @Test
    void badParametersAre400() throws Exception {
        String token = api.token("acme", "consumer");
        assertThat(problem(search(token, "credit-decision", "&page_size=0"), 400)
                        .path("detail")
                        .asText())
                .contains("page_size");
        String entity = SearchRoute.PATH + "?tenant=acme&model=churn&entity_id=" + RAW;
        assertThat(problem(api.get(token, entity + "&from=2026-12-01&to=2026-11-01", "credit-decision"), 400)
                        .path("detail")
                        .asText())
                .contains("from..to");
        assertThat(problem(api.get(token, entity + "&from=yesterday", "credit-decision"), 400)
                        .path("detail")
                        .asText())
                .contains("'from' must be a date")
                .doesNotContain(RAW);
        assertThat(problem(search(token, "credit-decision", "&decision=DROP%20TABLE"), 400)
                        .path("detail")
                        .asText())
                .contains("'decision'");
    }

    private static HttpResponse<String> search(String token, String purpose, String extra) throws Exception {
        return api.get(
                token,
                SearchRoute.PATH + "?tenant=acme&model=churn&entity_id="
                        + URLEncoder.encode(RAW, StandardCharsets.UTF_8) + "&from=2026-11-01&to=2026-11-30" + extra,
                purpose);
    }

    private static LocalDateTime at(int day) {
        return HistoryTables.day(day).atTime(8, 0);
    }

    private static String id(int n) {
        return String.format("%032x", n);
    }
}
