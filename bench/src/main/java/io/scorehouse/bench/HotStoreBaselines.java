package io.scorehouse.bench;

import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.RatePacer;
import io.scorehouse.lakehouse.config.ConfigLoader;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.controlplane.LastScores;
import io.scorehouse.lakehouse.controlplane.LastScores.LastScore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The helper of bench/hotstore.sh, no Spark: {@code ORDER ROWS} upserts ROWS last scores into the (fresh) control
 * plane of {@code $SCOREHOUSE_HOME} — first every row new (a first run), then every row again, newer (the next day's
 * run: every row an update) — through {@link LastScores#upsert}, the finalize's own path. ORDER is {@code hash} (the
 * keys in the order of their HMAC-like tokens, as the rows come from the executors) or {@code sorted} (the hot
 * store's key order), or {@code filled-in-hash} (inserted in hash order, updated in key order: a hot store filled
 * before the finalize sorted its rows). The rows are built before the clock starts. Prints {@code insert <seconds> <rows>} and
 * {@code update <seconds> <rows>}.
 */
public final class HotStoreBaselines {
    private static final long AS_OF_MICROS = 1_795_046_400_000_000L;

    private HotStoreBaselines() {}

    public static void main(String[] args) {
        String order = args[0];
        if (!List.of("hash", "sorted", "filled-in-hash").contains(order)) {
            throw new IllegalArgumentException("hash|sorted|filled-in-hash ROWS");
        }
        int rows = Integer.parseInt(args[1]);
        ScorehouseConfig config = ConfigLoader.loadFromEnvironment();
        ControlPlane controlPlane = new ControlPlane(config.catalog());
        controlPlane.migrate();
        LastScores hot = new LastScores(controlPlane);
        for (String pass : List.of("insert", "update")) {
            List<LastScore> scores = scores(rows, pass.equals("insert") ? 0 : 86_400_000_000L, pass);
            if (order.equals("sorted") || (order.equals("filled-in-hash") && pass.equals("update"))) {
                scores.sort(Comparator.comparing(LastScore::tenantId)
                        .thenComparing(LastScore::entityKey)
                        .thenComparing(LastScore::modelName));
            }
            long start = System.nanoTime();
            long written = hot.upsert(scores.iterator(), RatePacer.system(0));
            System.out.printf(Locale.ROOT, "%s %.3f %d%n", pass, (System.nanoTime() - start) / 1e9, written);
        }
    }

    /** Rows shaped like the demo's: 64-hex entity and idempotency keys, a 32-hex request id, two tenants. */
    private static List<LastScore> scores(int rows, long laterMicros, String job) {
        List<LastScore> scores = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            String entityKey = Digests.sha256Hex("entity-" + i);
            scores.add(new LastScore(
                    i % 2 == 0 ? "acme" : "globex",
                    entityKey,
                    "churn",
                    1,
                    (i % 1000) / 1000.0,
                    "allow",
                    AS_OF_MICROS + laterMicros + i,
                    "bench_" + job,
                    Digests.sha256Hex(entityKey + job),
                    Digests.sha256Hex("request-" + i + job).substring(0, 32)));
        }
        return scores;
    }
}
