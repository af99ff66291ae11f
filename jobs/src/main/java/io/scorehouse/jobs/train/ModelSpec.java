package io.scorehouse.jobs.train;

import io.scorehouse.jobs.demo.DemoData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to train: the features (in booster column order) and the XGBoost parameters. The
 * degraded spec deliberately learns from weak features with few shallow trees — a worse model
 * for proving that a canary rolls back.
 */
public record ModelSpec(String name, List<String> features, int numRound, int maxDepth, double eta, long seed, boolean degraded) {
    public ModelSpec {
        features = List.copyOf(features);
    }

    public static ModelSpec churn(boolean degraded) {
        return degraded
                ? new ModelSpec("churn", List.of("age_years", "n_products", "credit_limit"), 8, 2, 0.3, 7, true)
                : new ModelSpec("churn", DemoData.FEATURE_COLUMNS, 80, 4, 0.1, 7, false);
    }

    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "binary:logistic");
        params.put("num_round", numRound);
        params.put("max_depth", maxDepth);
        params.put("eta", eta);
        params.put("subsample", 0.9);
        params.put("seed", seed);
        params.put("degraded", degraded);
        return params;
    }
}
