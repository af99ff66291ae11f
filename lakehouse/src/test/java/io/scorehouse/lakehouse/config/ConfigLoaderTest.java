package io.scorehouse.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private static final String VALID = """
            default-profile: embedded
            profiles:
              embedded:
                home: ./.scorehouse
                catalog:
                  name: lake
                  uri: "jdbc:sqlite:${home}/control.db"
                warehouse: "${home}/warehouse"
                secrets:
                  hmac-key-file: "${home}/secrets/hmac.key"
                  signing-key-file: "${home}/secrets/signing.key"
                  trust-store-dir: "${conf}/trust"
                  generate-dev-keys: true
                identity: {service-account: svc-batch-orchestrator, caller: ops-local, roles: [risk-ops]}
                spark:
                  master: "local[2]"
                  shuffle-partitions: 4
                  conf:
                    spark.ui.enabled: "false"
              production:
                home: /var/lib/scorehouse
                catalog:
                  name: lake
                  uri: null
                  user: scorehouse
                  password-file: /vault/secrets/catalog-password
                warehouse: null
                secrets:
                  hmac-key-file: /vault/hmac.key
                  signing-key-file: /vault/signing.key
                  trust-store-dir: /etc/scorehouse/trust
                identity: {service-account: svc-batch-orchestrator, caller: svc-reporting}
            """;

    @Test
    void loadsTheProjectsOwnConfigFile() {
        Path home = dir.resolve("home");
        ScorehouseConfig config =
                new ConfigLoader(Map.of("SCOREHOUSE_HOME", home.toString())).load(TestLakehouse.confDir());

        assertThat(config.generatesDevSecret(home.resolve("secrets/hmac.key"))).isTrue();
        assertThat(config.generatesDevSecret(dir.resolve("vault/hmac.key"))).isFalse();
        assertThat(config.profile()).isEqualTo("embedded");
        assertThat(config.home()).isEqualTo(home.toAbsolutePath());
        assertThat(config.catalog().uri()).startsWith("jdbc:sqlite:" + home.toAbsolutePath() + "/control.db");
        assertThat(config.warehouse()).isEqualTo(home.toAbsolutePath() + "/warehouse");
        assertThat(config.secrets().generateDevKeys()).isTrue();
        assertThat(config.spark().conf()).containsEntry("spark.ui.enabled", "false");
    }

    @Test
    void expandsPlaceholdersAndResolvesHomeAgainstTheWorkingDirectory() {
        ScorehouseConfig config = load(VALID, Map.of());

        Path expectedHome = Path.of(".scorehouse").toAbsolutePath().normalize();
        assertThat(config.home()).isEqualTo(expectedHome);
        assertThat(config.catalog().uri()).isEqualTo("jdbc:sqlite:" + expectedHome + "/control.db");
        assertThat(config.secrets().trustStoreDir()).isEqualTo(dir + "/trust");
        assertThat(config.confDir()).isEqualTo(dir);
        assertThat(config.spark().shufflePartitions()).isEqualTo(4);
    }

    @Test
    void environmentOverridesTheActiveProfile() {
        ScorehouseConfig config = load(
                VALID,
                Map.of(
                        "SCOREHOUSE_PROFILE", "production",
                        "SCOREHOUSE_CATALOG_URI", "jdbc:postgresql://127.0.0.1:5432/scorehouse",
                        "SCOREHOUSE_CATALOG_USER", "svc_scoring",
                        "SCOREHOUSE_WAREHOUSE", "s3a://bucket/warehouse",
                        "SCOREHOUSE_HMAC_KEY_FILE", "/run/secrets/hmac",
                        "SCOREHOUSE_CALLER", "alice",
                        "SCOREHOUSE_SPARK_SHUFFLE_PARTITIONS", "8"));

        assertThat(config.profile()).isEqualTo("production");
        assertThat(config.isEmbedded()).isFalse();
        assertThat(config.catalog().uri()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/scorehouse");
        assertThat(config.catalog().user()).isEqualTo("svc_scoring");
        assertThat(config.warehouse()).isEqualTo("s3a://bucket/warehouse");
        assertThat(config.secrets().hmacKeyFile()).isEqualTo("/run/secrets/hmac");
        assertThat(config.identity().caller()).isEqualTo("alice");
        assertThat(config.spark().shufflePartitions()).isEqualTo(8);
        assertThat(config.identity().serviceAccount()).isEqualTo("svc-batch-orchestrator");
        // An overridden secret path is explicit: no dev key is ever generated there.
        assertThat(config.generatesDevSecret(java.nio.file.Path.of("/run/secrets/hmac")))
                .isFalse();
        assertThat(config.secrets().generateDevKeys()).isFalse();
    }

    @Test
    void missingRequiredValueNamesTheKeyAndTheVariable() {
        assertConfigError(
                VALID,
                Map.of("SCOREHOUSE_PROFILE", "production"),
                "missing required value 'profiles.production.catalog.uri'",
                "SCOREHOUSE_CATALOG_URI");
        assertConfigError(
                VALID.replace("    warehouse: \"${home}/warehouse\"\n", ""),
                Map.of(),
                "missing required value 'profiles.embedded.warehouse'");
    }

    @Test
    void missingSectionIsNamed() {
        String noSecrets = VALID.replaceAll("(?s)    secrets:\\n      hmac.*?generate-dev-keys: true\\n", "");
        assertConfigError(noSecrets, Map.of(), "missing required section 'profiles.embedded.secrets'");
    }

    @Test
    void unknownKeyIsNamedWithItsFullPath() {
        assertConfigError(
                VALID.replace("      uri: \"jdbc:sqlite", "      urii: \"jdbc:sqlite"),
                Map.of(),
                "unknown key 'profiles.embedded.catalog.urii'",
                "uri");
    }

    @Test
    void unknownKeyInAnInactiveProfileFailsToo() {
        assertConfigError(
                VALID.replace("      password-file:", "      pasword-file:"),
                Map.of(),
                "unknown key 'profiles.production.catalog.pasword-file'");
    }

    @Test
    void unknownTopLevelKeyIsNamed() {
        assertConfigError(VALID + "profile: production\n", Map.of(), "unknown key 'profile'");
    }

    @Test
    void wrongTypeNamesTheKeyTheExpectedTypeAndTheValue() {
        assertConfigError(
                VALID.replace("shuffle-partitions: 4", "shuffle-partitions: many"),
                Map.of(),
                "key 'profiles.embedded.spark.shuffle-partitions'",
                "expects an integer",
                "'many'");
        assertConfigError(
                VALID.replace("generate-dev-keys: true", "generate-dev-keys: sometimes"),
                Map.of(),
                "key 'profiles.embedded.secrets.generate-dev-keys'",
                "true or false");
        assertConfigError(
                VALID.replace(
                        "      name: lake\n      uri: \"jdbc:sqlite", "      name: [a, b]\n      uri: \"jdbc:sqlite"),
                Map.of(),
                "key 'profiles.embedded.catalog.name'",
                "expects a single value");
    }

    @Test
    void badValuesAreExplained() {
        assertConfigError(
                VALID.replace("shuffle-partitions: 4", "shuffle-partitions: 0"),
                Map.of(),
                "'profiles.embedded.spark.shuffle-partitions'",
                "must be positive");
        assertConfigError(
                VALID,
                Map.of("SCOREHOUSE_CATALOG_URI", "jdbc:mysql://db/x"),
                "'profiles.embedded.catalog.uri' (from SCOREHOUSE_CATALOG_URI)",
                "jdbc:sqlite: or jdbc:postgresql:");
        assertConfigError(
                VALID,
                Map.of("SCOREHOUSE_SPARK_SHUFFLE_PARTITIONS", "-1"),
                "'profiles.embedded.spark.shuffle-partitions'",
                "must be positive");
        assertConfigError(
                VALID,
                Map.of("SCOREHOUSE_WAREHOUSE", "hdfs://nn/warehouse"),
                "'profiles.embedded.warehouse'",
                "neither a local path");
    }

    @Test
    void unknownProfileListsTheDefinedOnes() {
        assertConfigError(
                VALID, Map.of("SCOREHOUSE_PROFILE", "staging"), "unknown profile 'staging'", "embedded, production");
    }

    @Test
    void unknownPlaceholderIsNamed() {
        assertConfigError(
                VALID.replace("${home}/warehouse", "${hom}/warehouse"),
                Map.of(),
                "unknown placeholder '${hom}'",
                "profiles.embedded.warehouse");
    }

    @Test
    void malformedYamlNamesTheFileAndLine() {
        assertConfigError("profiles:\n  embedded: {home: [unclosed\n", Map.of(), "not valid YAML", "line");
    }

    @Test
    void missingFileSaysWhereItLooked() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(dir.resolve("nowhere")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "no config file at " + dir.resolve("nowhere").resolve("scorehouse.yaml"));
    }

    @Test
    void confDirComesFromTheEnvironmentFirst() {
        assertThat(new ConfigLoader(Map.of("SCOREHOUSE_CONF", dir.toString())).confDir())
                .isEqualTo(dir);
    }

    private ScorehouseConfig load(String yaml, Map<String, String> env) {
        write(yaml);
        return new ConfigLoader(env).load(dir);
    }

    @Test
    void theProjectsApiSectionLoadsAndABadRateLimitOrPortIsNamed() {
        ScorehouseConfig config = new ConfigLoader(
                        Map.of("SCOREHOUSE_HOME", dir.resolve("home").toString()))
                .load(TestLakehouse.confDir());
        ApiSettings api = config.api().orElseThrow();
        assertThat(api.port()).isEqualTo(8443);
        assertThat(api.rateLimits().get("consumer").perSecond()).isEqualTo(50);
        assertThat(api.jwt().jwks()).isEqualTo(dir.resolve("home").toAbsolutePath() + "/secrets/api-jwks.json");

        String base = VALID.replace(
                "    spark:",
                "    api:\n      bind: 127.0.0.1\n      port: %s\n"
                        + "      rate-limits:\n        consumer: {per-second: %s, burst: 10}\n    spark:");
        assertConfigError(String.format(base, "8443", "0"), Map.of(), "api.rate-limits.consumer", "per-second > 0");
        assertConfigError(String.format(base, "70000", "5"), Map.of(), "api.port", "70000");
    }

    @Test
    void theEvidenceReplicaComesFromTheEnvironmentAndMustBeAFilesystemUri() {
        assertThat(load(VALID, Map.of()).store().evidenceUri()).isNull();
        assertThat(load(VALID, Map.of("SCOREHOUSE_EVIDENCE_URI", "s3a://scorehouse/evidence"))
                        .store()
                        .evidenceUri())
                .isEqualTo("s3a://scorehouse/evidence");

        assertConfigError(
                VALID,
                Map.of("SCOREHOUSE_EVIDENCE_URI", "scorehouse/evidence"),
                "store.evidence-uri",
                "filesystem URI");
    }

    @Test
    void thePushgatewayComesFromTheEnvironmentAndMustBeABaseUrl() {
        assertThat(load(VALID, Map.of()).metrics().pushgatewayUrl()).isNull();
        assertThat(load(VALID, Map.of("SCOREHOUSE_METRICS_PUSHGATEWAY_URL", "http://127.0.0.1:9091"))
                        .metrics()
                        .pushgatewayUrl())
                .isEqualTo("http://127.0.0.1:9091");

        for (String bad : new String[] {"127.0.0.1:9091", "http://127.0.0.1:9091/metrics/job/x", "ftp://gw"}) {
            assertConfigError(
                    VALID,
                    Map.of("SCOREHOUSE_METRICS_PUSHGATEWAY_URL", bad),
                    "metrics.pushgateway-url",
                    "base URL",
                    bad);
        }
    }

    @Test
    void theOpenLineageEndpointComesFromTheEnvironmentAndMustBeABaseUrl() {
        assertThat(load(VALID, Map.of()).metrics().openlineageUrl()).isNull();
        assertThat(load(VALID, Map.of("SCOREHOUSE_METRICS_OPENLINEAGE_URL", "http://127.0.0.1:5000"))
                        .metrics()
                        .openlineageUrl())
                .isEqualTo("http://127.0.0.1:5000");

        for (String bad : new String[] {"127.0.0.1:5000", "http://127.0.0.1:5000/api/v1/lineage", "file:///tmp/x"}) {
            assertConfigError(
                    VALID,
                    Map.of("SCOREHOUSE_METRICS_OPENLINEAGE_URL", bad),
                    "metrics.openlineage-url",
                    "base URL",
                    bad);
        }
    }

    private void assertConfigError(String yaml, Map<String, String> env, String... fragments) {
        write(yaml);
        Map<String, String> environment = new HashMap<>(env);
        assertThatThrownBy(() -> new ConfigLoader(environment).load(dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).startsWith("config — ").doesNotContain("\n");
                    assertThat(e.getMessage()).contains(fragments);
                });
    }

    private void write(String yaml) {
        try {
            Files.writeString(dir.resolve(ConfigLoader.FILE_NAME), yaml);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
