package io.scorehouse.lakehouse.config;

/**
 * Where batch jobs send their Prometheus metrics and OpenLineage events ({@code metrics:} in
 * {@code conf/scorehouse.yaml}).
 *
 * @param pushgatewayUrl the Pushgateway's base URL ({@code http://host:9091}); {@code null}: a job's
 *                       metrics stay in its run directory only
 * @param openlineageUrl an OpenLineage endpoint's base URL (events are posted to
 *                       {@code /api/v1/lineage}, e.g. Marquez); {@code null}: events are appended to
 *                       {@code lineage/openlineage.jsonl} in the home
 */
public record MetricsSettings(String pushgatewayUrl, String openlineageUrl) {
    public static final MetricsSettings NONE = new MetricsSettings(null, null);

    public MetricsSettings {
        pushgatewayUrl = blankToNull(pushgatewayUrl);
        openlineageUrl = blankToNull(openlineageUrl);
    }

    private static String blankToNull(String url) {
        return url == null || url.isBlank() ? null : url;
    }
}
