package io.scorehouse.scoring.run;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition.ExplainMethod;
import java.lang.reflect.Field;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.java.XGBoostJNI;

/**
 * Feature contributions per row (one value per feature, then the bias). {@code exact} is TreeSHAP through
 * {@link Booster#predictContrib}; {@code approximate} is XGBoost's approximate contributions (Saabas: each split's
 * change in expectation given to its feature), which xgboost4j's Java API does not expose: it is reached through the
 * C API's {@code XGBoosterPredict} option mask, which its JNI binding takes as is.
 */
final class Contributions {
    private static final int PREDICT_CONTRIBUTIONS = 4;
    private static final int APPROXIMATE = 8;
    private static final Field HANDLE = boosterHandle();

    private Contributions() {}

    static float[][] of(Booster booster, DMatrix rows, ExplainMethod method) throws XGBoostError {
        if (method == ExplainMethod.EXACT) {
            return booster.predictContrib(rows, 0);
        }
        float[][] flat = new float[1][];
        int status = XGBoostJNI.XGBoosterPredict(
                handle(booster), rows.getHandle(), PREDICT_CONTRIBUTIONS | APPROXIMATE, 0, flat);
        if (status != 0) {
            throw new XGBoostError(XGBoostJNI.XGBGetLastError());
        }
        int count = (int) rows.rowNum();
        int width = flat[0].length / count;
        float[][] byRow = new float[count][width];
        for (int r = 0; r < count; r++) {
            System.arraycopy(flat[0], r * width, byRow[r], 0, width);
        }
        return byRow;
    }

    /** Refuses, at the start of a run, a method this xgboost4j cannot reach (exit 2). */
    static void requireReachable(ExplainMethod method) {
        if (method == ExplainMethod.APPROXIMATE && HANDLE == null) {
            throw new ScorehouseException(
                    ExitCode.USAGE,
                    "explanations.method",
                    "approximate contributions are not reachable through this xgboost4j (no booster handle); use exact");
        }
    }

    private static long handle(Booster booster) {
        requireReachable(ExplainMethod.APPROXIMATE);
        try {
            return HANDLE.getLong(booster);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("xgboost4j's booster handle is not readable", e);
        }
    }

    private static Field boosterHandle() {
        try {
            Field handle = Booster.class.getDeclaredField("handle");
            handle.setAccessible(true);
            return handle;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
