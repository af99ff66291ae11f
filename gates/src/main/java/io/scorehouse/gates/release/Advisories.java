package io.scorehouse.gates.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.IntegrityException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * The security gate's advisory feed: the OSV-format files of {@code conf/advisories/*.json},
 * versioned with the repository (no live CVE feed is reachable offline). An advisory matches a
 * component of an SBOM by package URL and version range (OSV {@code ECOSYSTEM} events or an
 * explicit version list, in Maven's version order); a critical or high one blocks promotion
 * unless {@code suppressions.json} clears it with a reason.
 */
public final class Advisories {
    static final String DIRECTORY = "advisories";
    static final String SUPPRESSIONS = "suppressions.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> BLOCKING = Set.of("CRITICAL", "HIGH");
    private static final Pattern MAVEN_PURL = Pattern.compile("pkg:maven/([^/]+)/([^@]+)@([^?#]+).*");

    private final List<JsonNode> advisories;
    private final Map<String, String> suppressions;
    private final Map<String, String> files;
    private final Instant updated;

    private Advisories(
            List<JsonNode> advisories, Map<String, String> suppressions, Map<String, String> files, Instant updated) {
        this.advisories = advisories;
        this.suppressions = suppressions;
        this.files = files;
        this.updated = updated;
    }

    /** The feed under {@code <confDir>/advisories}; an absent directory is an empty feed. */
    public static Advisories fromConf(Path confDir) {
        Path directory = confDir.resolve(DIRECTORY);
        List<JsonNode> advisories = new ArrayList<>();
        Map<String, String> suppressions = new HashMap<>();
        Map<String, String> files = new TreeMap<>();
        Instant updated = Instant.EPOCH;
        if (!Files.isDirectory(directory)) {
            return new Advisories(advisories, suppressions, files, updated);
        }
        try (Stream<Path> listing = Files.list(directory)) {
            for (Path file :
                    listing.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode document = read(file);
                files.put(file.getFileName().toString(), Digests.of(file));
                if (file.getFileName().toString().equals(SUPPRESSIONS)) {
                    for (JsonNode suppression : document.path("suppressions")) {
                        suppressions.put(
                                suppression.path("id").asText(),
                                suppression.path("reason").asText());
                    }
                    continue;
                }
                if (document.path("id").asText().isEmpty()) {
                    throw new IntegrityException("advisories", file.getFileName() + " is not an OSV advisory (no id)");
                }
                advisories.add(document);
                Instant modified = Instant.parse(document.path("modified").asText("1970-01-01T00:00:00Z"));
                updated = modified.isAfter(updated) ? modified : updated;
            }
        } catch (IOException e) {
            throw new IntegrityException("advisories", "cannot list " + directory + ": " + e.getMessage());
        }
        return new Advisories(advisories, suppressions, files, updated);
    }

    /** One advisory that affects one component. */
    public record Match(String id, String purl, String severity, String suppressedBecause) {
        public boolean blocking() {
            return suppressedBecause == null && BLOCKING.contains(severity);
        }
    }

    /** Every advisory affecting any of {@code purls} ({@code pkg:maven/group/name@version}). */
    public List<Match> matches(Collection<String> purls) {
        List<Match> matches = new ArrayList<>();
        for (String purl : purls) {
            Matcher component = MAVEN_PURL.matcher(purl);
            if (!component.matches()) {
                continue;
            }
            String name = component.group(1) + ":" + component.group(2);
            ComparableVersion version = new ComparableVersion(component.group(3));
            for (JsonNode advisory : advisories) {
                for (JsonNode affected : advisory.path("affected")) {
                    JsonNode pkg = affected.path("package");
                    if (pkg.path("ecosystem").asText().equals("Maven")
                            && pkg.path("name").asText().equals(name)
                            && affects(affected, version)) {
                        String id = advisory.path("id").asText();
                        matches.add(new Match(id, purl, severity(advisory), suppressions.get(id)));
                    }
                }
            }
        }
        return matches;
    }

    /** The feed as the release manifest states it: its files by digest and the newest advisory's date. */
    public Map<String, Object> describe() {
        Map<String, Object> feed = new java.util.LinkedHashMap<>();
        feed.put("source", "conf/" + DIRECTORY + " (OSV, versioned with the repository; no live feed offline)");
        feed.put("updated", updated.toString());
        feed.put("files", files);
        return feed;
    }

    private static boolean affects(JsonNode affected, ComparableVersion version) {
        for (JsonNode listed : affected.path("versions")) {
            if (new ComparableVersion(listed.asText()).equals(version)) {
                return true;
            }
        }
        for (JsonNode range : affected.path("ranges")) {
            if (!range.path("type").asText().equals("ECOSYSTEM")) {
                continue;
            }
            boolean inside = false;
            for (JsonNode event : range.path("events")) {
                if (event.has("introduced")) {
                    String introduced = event.path("introduced").asText();
                    inside = introduced.equals("0") || version.compareTo(new ComparableVersion(introduced)) >= 0;
                } else if (inside && event.has("fixed")) {
                    inside = version.compareTo(
                                    new ComparableVersion(event.path("fixed").asText()))
                            < 0;
                    if (inside) {
                        return true;
                    }
                } else if (inside && event.has("last_affected")) {
                    inside = version.compareTo(new ComparableVersion(
                                    event.path("last_affected").asText()))
                            <= 0;
                    if (inside) {
                        return true;
                    }
                }
            }
            if (inside) {
                return true;
            }
        }
        return false;
    }

    private static String severity(JsonNode advisory) {
        String declared = advisory.path("database_specific").path("severity").asText("");
        return declared.isEmpty() ? "UNKNOWN" : declared.toUpperCase(Locale.ROOT);
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IntegrityException("advisories", file.getFileName() + " is not valid JSON: " + e.getMessage());
        }
    }
}
