package io.scorehouse.lakehouse.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads {@code conf/scorehouse.yaml}. Every profile is checked for unknown keys and wrong types
 * (a typo in the production profile fails on a laptop too); the active one is then completed
 * from the environment and checked for required values. Every failure is a
 * {@link ConfigException} whose message names the file and the key.
 */
public final class ConfigLoader {
    public static final String FILE_NAME = "scorehouse.yaml";
    public static final String DEFAULT_PROFILE = "embedded";

    /** Environment variable → key inside the active profile. */
    static final Map<String, String> ENV_OVERRIDES = orderedMap(
            "SCOREHOUSE_HOME", "home",
            "SCOREHOUSE_CATALOG_URI", "catalog.uri",
            "SCOREHOUSE_CATALOG_USER", "catalog.user",
            "SCOREHOUSE_CATALOG_PASSWORD_FILE", "catalog.password-file",
            "SCOREHOUSE_WAREHOUSE", "warehouse",
            "SCOREHOUSE_HMAC_KEY_FILE", "secrets.hmac-key-file",
            "SCOREHOUSE_SIGNING_KEY_FILE", "secrets.signing-key-file",
            "SCOREHOUSE_TRUST_STORE_DIR", "secrets.trust-store-dir",
            "SCOREHOUSE_SERVICE_ACCOUNT", "identity.service-account",
            "SCOREHOUSE_CALLER", "identity.caller",
            "SCOREHOUSE_API_JWT_ISSUER", "api.jwt.issuer",
            "SCOREHOUSE_API_JWKS", "api.jwt.jwks",
            "SCOREHOUSE_API_ISSUER_KEY_FILE", "api.jwt.issuer-key-file",
            "SCOREHOUSE_API_BIND", "api.bind",
            "SCOREHOUSE_API_TLS_CERTIFICATE_FILE", "api.tls.certificate-file",
            "SCOREHOUSE_API_TLS_KEY_FILE", "api.tls.key-file",
            "SCOREHOUSE_API_PAGE_TOKEN_KEY_FILE", "api.page-token-key-file",
            "SCOREHOUSE_EVIDENCE_URI", "store.evidence-uri",
            "SCOREHOUSE_METRICS_PUSHGATEWAY_URL", "metrics.pushgateway-url",
            "SCOREHOUSE_METRICS_OPENLINEAGE_URL", "metrics.openlineage-url",
            "SCOREHOUSE_SPARK_MASTER", "spark.master",
            "SCOREHOUSE_SPARK_SHUFFLE_PARTITIONS", "spark.shuffle-partitions");

    private static final Set<String> TOP_LEVEL_KEYS = Set.of("default-profile", "profiles");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern CATALOG_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private final YamlBinder yaml = new YamlBinder();
    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(requireNonNull(env, "env is null"));
    }

    /** The configuration of this process: conf directory and overrides from the real environment. */
    public static ScorehouseConfig loadFromEnvironment() {
        ConfigLoader loader = new ConfigLoader(System.getenv());
        return loader.load(loader.confDir());
    }

    /** {@code SCOREHOUSE_CONF}, else the {@code scorehouse.conf.dir} system property, else {@code ./conf}. */
    public Path confDir() {
        String fromEnv = env.get("SCOREHOUSE_CONF");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath().normalize();
        }
        String fromProperty = System.getProperty("scorehouse.conf.dir");
        if (fromProperty != null && !fromProperty.isBlank()) {
            return Path.of(fromProperty).toAbsolutePath().normalize();
        }
        return Path.of("conf").toAbsolutePath().normalize();
    }

    public ScorehouseConfig load(Path confDir) {
        Path file = confDir.resolve(FILE_NAME);
        JsonNode root = parse(file);
        checkTopLevel(root, file);

        JsonNode profiles = root.get("profiles");
        if (profiles == null || !profiles.isObject() || profiles.isEmpty()) {
            throw new ConfigException(file + ": key 'profiles' must map profile names to settings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = profiles.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> profile = it.next();
            bind(profile.getValue(), file, "profiles." + profile.getKey());
        }

        String profileName = activeProfile(root, profiles, file);
        ObjectNode active = ((ObjectNode) profiles.get(profileName)).deepCopy();
        String prefix = "profiles." + profileName;
        Map<String, String> appliedFrom = applyEnvironment(active);

        Path home = Path.of(requireText(active, "home", file, prefix, appliedFrom))
                .toAbsolutePath()
                .normalize();
        expandPlaceholders(active, Map.of("home", home.toString(), "conf", confDir.toString()), file, prefix);
        ProfileSettings settings = bind(active, file, prefix);
        return validate(profileName, confDir, home, settings, file, prefix, appliedFrom);
    }

    private JsonNode parse(Path file) {
        return yaml.readTree(file, "config file", "set SCOREHOUSE_CONF to the conf directory");
    }

    private static void checkTopLevel(JsonNode root, Path file) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_LEVEL_KEYS.contains(key)) {
                throw new ConfigException(
                        "unknown key '" + key + "' in " + file + " (known: " + new TreeSet<>(TOP_LEVEL_KEYS) + ")");
            }
        }
    }

    private String activeProfile(JsonNode root, JsonNode profiles, Path file) {
        String name = env.get("SCOREHOUSE_PROFILE");
        String source = "SCOREHOUSE_PROFILE";
        if (name == null || name.isBlank()) {
            JsonNode fromFile = root.get("default-profile");
            name = fromFile == null || fromFile.isNull() ? DEFAULT_PROFILE : fromFile.asText();
            source = "default-profile in " + file;
        }
        if (!profiles.has(name)) {
            List<String> defined = new ArrayList<>();
            profiles.fieldNames().forEachRemaining(defined::add);
            throw new ConfigException("unknown profile '" + name + "' (from " + source + "; defined: "
                    + String.join(", ", defined) + ")");
        }
        return name;
    }

    private Map<String, String> applyEnvironment(ObjectNode profile) {
        Map<String, String> appliedFrom = new LinkedHashMap<>();
        ENV_OVERRIDES.forEach((variable, key) -> {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                setPath(profile, key, value);
                appliedFrom.put(key, variable);
            }
        });
        return appliedFrom;
    }

    private static void setPath(ObjectNode node, String dottedKey, String value) {
        String[] parts = dottedKey.split("\\.");
        ObjectNode current = node;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = current.get(parts[i]);
            current = child instanceof ObjectNode object ? object : current.putObject(parts[i]);
        }
        current.set(parts[parts.length - 1], TextNode.valueOf(value));
    }

    private static void expandPlaceholders(JsonNode node, Map<String, String> values, Path file, String path) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String childPath = path + "." + field.getKey();
            if (field.getValue().isTextual()) {
                field.setValue(TextNode.valueOf(expand(field.getValue().asText(), values, file, childPath)));
            } else {
                expandPlaceholders(field.getValue(), values, file, childPath);
            }
        }
    }

    private static String expand(String text, Map<String, String> values, Path file, String key) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new ConfigException("unknown placeholder '${" + matcher.group(1) + "}' in key '" + key + "' of "
                        + file + " (known: "
                        + values.keySet().stream()
                                .sorted()
                                .map(k -> "${" + k + "}")
                                .collect(Collectors.joining(", ")) + ")");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private ProfileSettings bind(JsonNode node, Path file, String prefix) {
        if (!node.isObject()) {
            throw new ConfigException("key '" + prefix + "' in " + file + " must be a mapping of settings");
        }
        return yaml.bind(node, ProfileSettings.class, file, prefix);
    }

    private static ScorehouseConfig validate(
            String profile,
            Path confDir,
            Path home,
            ProfileSettings settings,
            Path file,
            String prefix,
            Map<String, String> appliedFrom) {
        Required required = new Required(file, prefix, appliedFrom);
        CatalogSettings catalog = required.section(settings.catalog(), "catalog");
        required.text(catalog.name(), "catalog.name");
        required.text(catalog.uri(), "catalog.uri");
        if (!CATALOG_NAME.matcher(catalog.name()).matches()) {
            throw required.bad("catalog.name", "'" + catalog.name() + "' is not a lower-case identifier");
        }
        if (!catalog.uri().startsWith("jdbc:sqlite:") && !catalog.uri().startsWith("jdbc:postgresql:")) {
            throw required.bad("catalog.uri", "must start with jdbc:sqlite: or jdbc:postgresql:");
        }
        String warehouse = required.text(settings.warehouse(), "warehouse");
        if (!warehouse.contains("://") && !warehouse.startsWith("file:")) {
            warehouse = home.resolve(warehouse).toAbsolutePath().normalize().toString();
        } else if (!warehouse.matches("(file|s3a|s3)://?.*")) {
            throw required.bad(
                    "warehouse", "'" + warehouse + "' is neither a local path nor a file:, s3a:// or s3:// URI");
        }
        SecretsSettings secrets = required.section(settings.secrets(), "secrets");
        required.text(secrets.hmacKeyFile(), "secrets.hmac-key-file");
        required.text(secrets.signingKeyFile(), "secrets.signing-key-file");
        required.text(secrets.trustStoreDir(), "secrets.trust-store-dir");
        IdentitySettings identity = required.section(settings.identity(), "identity");
        required.text(identity.serviceAccount(), "identity.service-account");
        required.text(identity.caller(), "identity.caller");
        SparkSettings spark = settings.spark() == null ? new SparkSettings("", null, Map.of()) : settings.spark();
        if (spark.shufflePartitions() != null && spark.shufflePartitions() <= 0) {
            throw required.bad("spark.shuffle-partitions", "must be positive, got " + spark.shufflePartitions());
        }
        java.util.Optional<ApiSettings> api = java.util.Optional.ofNullable(settings.api());
        api.ifPresent(a -> requireApi(required, a));
        StoreSettings store = settings.store() == null ? StoreSettings.NONE : settings.store();
        requireStore(required, store);
        MetricsSettings metrics = settings.metrics() == null ? MetricsSettings.NONE : settings.metrics();
        requireBaseUrl(required, "metrics.pushgateway-url", metrics.pushgatewayUrl(), "http://127.0.0.1:9091");
        requireBaseUrl(required, "metrics.openlineage-url", metrics.openlineageUrl(), "http://127.0.0.1:5000");
        return new ScorehouseConfig(
                profile, confDir, home, catalog, warehouse, secrets, identity, spark, api, store, metrics);
    }

    /** A service's base URL (scheme, host, port; no path): null means not configured. */
    private static void requireBaseUrl(Required required, String key, String url, String example) {
        if (url != null && !url.matches("https?://[^/?#]+/?")) {
            throw required.bad(key, "must be a base URL such as " + example + ", got '" + url + "'");
        }
    }

    private static void requireStore(Required required, StoreSettings store) {
        store.retentionDays().forEach((classification, days) -> {
            if (!java.util.List.of("operational", "shadow", "recon").contains(classification)) {
                throw required.bad(
                        "store.retention-days." + classification,
                        "is not a lifecycle classification that expires (operational, shadow, recon; audit is kept)");
            }
            if (days == null || days < 1) {
                throw required.bad(
                        "store.retention-days." + classification, "must be a number of days >= 1, got " + days);
            }
        });
        if (store.historyDays() < 0) {
            throw required.bad("store.history-days", "must be >= 0, got " + store.historyDays());
        }
        if (store.evidenceUri() != null && !store.evidenceUri().matches("[a-z][a-z0-9+.-]*:/.*")) {
            throw required.bad(
                    "store.evidence-uri",
                    "must be a filesystem URI such as s3a://bucket/evidence, got '" + store.evidenceUri() + "'");
        }
    }

    private static void requireApi(Required required, ApiSettings a) {
        // Issuer, JWKS and TLS files are checked when the API starts: other commands need none of them.
        if (a.port() != null && (a.port() < 1 || a.port() > 65535)) {
            throw required.bad("api.port", "must be a port number (1-65535), got " + a.port());
        }
        a.rateLimits().forEach((role, limit) -> {
            boolean unlimited = Boolean.TRUE.equals(limit.unlimited());
            if (!unlimited
                    && (limit.perSecond() == null
                            || limit.perSecond() <= 0
                            || limit.burst() == null
                            || limit.burst() < limit.perSecond())) {
                throw required.bad(
                        "api.rate-limits." + role, "needs per-second > 0 and burst >= per-second, or unlimited: true");
            }
        });
    }

    private static String requireText(
            JsonNode profile, String key, Path file, String prefix, Map<String, String> appliedFrom) {
        JsonNode value = profile.get(key);
        return new Required(file, prefix, appliedFrom)
                .text(value == null || value.isNull() ? null : value.asText(), key);
    }

    private record Required(Path file, String prefix, Map<String, String> appliedFrom) {
        <T> T section(T value, String key) {
            if (value == null) {
                throw new ConfigException("missing required section '" + prefix + "." + key + "' in " + file);
            }
            return value;
        }

        String text(String value, String key) {
            if (value == null || value.isBlank()) {
                String variable = ENV_OVERRIDES.entrySet().stream()
                        .filter(e -> e.getValue().equals(key))
                        .map(Map.Entry::getKey)
                        .findFirst()
                        .orElse(null);
                throw new ConfigException("missing required value '" + prefix + "." + key + "' in " + file
                        + (variable == null ? "" : " (or set " + variable + ")"));
            }
            return value;
        }

        ConfigException bad(String key, String problem) {
            String source = appliedFrom.containsKey(key) ? " (from " + appliedFrom.get(key) + ")" : " in " + file;
            return new ConfigException("key '" + prefix + "." + key + "'" + source + " " + problem);
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
