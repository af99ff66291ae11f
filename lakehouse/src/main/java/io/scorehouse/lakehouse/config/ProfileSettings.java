package io.scorehouse.lakehouse.config;

/** One profile of {@code conf/scorehouse.yaml}, exactly as written (placeholders expanded). */
record ProfileSettings(
        String home,
        CatalogSettings catalog,
        String warehouse,
        SecretsSettings secrets,
        IdentitySettings identity,
        SparkSettings spark,
        ApiSettings api,
        StoreSettings store,
        MetricsSettings metrics) {}
