package io.scorehouse.lakehouse.config;

import java.util.Map;

/**
 * The store lifecycle ({@code store:} in {@code conf/scorehouse.yaml}).
 *
 * @param retentionDays per lifecycle classification (a table's {@code classification} property:
 *                      {@code operational}, {@code shadow}, {@code recon}), how many days a row is
 *                      kept; {@code audit} tables are never listed: they are kept
 * @param historyDays   how long a retention run keeps older snapshots (time travel) before expiring them
 * @param evidenceUri   where the home's evidence (registry artifacts, releases, run manifests, reports,
 *                      evidence sets) is replicated, a Hadoop filesystem URI such as {@code
 *                      s3a://bucket/evidence}; {@code null}: the evidence lives in the home only
 */
public record StoreSettings(Map<String, Integer> retentionDays, Integer historyDays, String evidenceUri) {
    public static final StoreSettings NONE = new StoreSettings(Map.of(), 7, null);

    public StoreSettings {
        retentionDays = retentionDays == null ? Map.of() : Map.copyOf(retentionDays);
        historyDays = historyDays == null ? 7 : historyDays;
        evidenceUri = evidenceUri == null || evidenceUri.isBlank() ? null : evidenceUri;
    }
}
