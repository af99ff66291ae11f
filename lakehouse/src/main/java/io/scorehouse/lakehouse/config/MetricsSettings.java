package io.scorehouse.lakehouse.config;

/**
 * Where batch jobs send their Prometheus metrics ({@code metrics:} in {@code conf/scorehouse.yaml}).
 *
 * @param pushgatewayUrl the Pushgateway's base URL ({@code http://host:9091}); {@code null}: a job's
 *                       metrics stay in its run directory only
 */
public record MetricsSettings(String pushgatewayUrl) {
    public static final MetricsSettings NONE = new MetricsSettings(null);

    public MetricsSettings {
        pushgatewayUrl = pushgatewayUrl == null || pushgatewayUrl.isBlank() ? null : pushgatewayUrl;
    }
}
