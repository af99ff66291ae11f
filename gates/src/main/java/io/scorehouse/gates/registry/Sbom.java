package io.scorehouse.gates.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scorehouse.lakehouse.IntegrityException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CycloneDX 1.5 SBOM of a model version: the model artifact itself plus the runtime libraries
 * it was trained with, and the check promotion relies on — blocking vulnerabilities are
 * critical/high ones whose analysis does not clear them.
 *
 * <p>Written with Jackson rather than cyclonedx-core-java: that library pins a newer Jackson
 * than Spark 3.5 tolerates, and the document is small.
 */
public final class Sbom {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern MAVEN_JAR = Pattern.compile(".*/repository/(.+)/([^/]+)/([^/]+)/\\2-\\3\\.jar");
    private static final Set<String> CLEARED =
            Set.of("not_affected", "false_positive", "resolved", "resolved_with_pedigree");
    private static final Set<String> BLOCKING = Set.of("critical", "high");

    private Sbom() {}

    /** Builds the SBOM for a model file and the jars on {@code classpath}. */
    public static ObjectNode build(String modelName, String modelSha256Hex, String classpath, Instant now) {
        ObjectNode bom = JSON.createObjectNode();
        bom.put("bomFormat", "CycloneDX");
        bom.put("specVersion", "1.5");
        bom.put("serialNumber", "urn:uuid:" + UUID.nameUUIDFromBytes((modelName + modelSha256Hex).getBytes()));
        bom.put("version", 1);
        ObjectNode metadata = bom.putObject("metadata");
        metadata.put("timestamp", now.toString());
        ObjectNode model = metadata.putObject("component");
        model.put("type", "machine-learning-model");
        model.put("name", modelName);
        model.put("bom-ref", "model:" + modelName);
        model.putArray("hashes").addObject().put("alg", "SHA-256").put("content", modelSha256Hex);
        ArrayNode components = bom.putArray("components");
        for (String purl : libraries(classpath)) {
            Matcher parts = Pattern.compile("pkg:maven/(.+)/(.+)@(.+)").matcher(purl);
            if (parts.matches()) {
                components
                        .addObject()
                        .put("type", "library")
                        .put("group", parts.group(1))
                        .put("name", parts.group(2))
                        .put("version", parts.group(3))
                        .put("purl", purl)
                        .put("bom-ref", purl);
            }
        }
        // No scanner runs in this environment; an empty list states that none were recorded.
        bom.putArray("vulnerabilities");
        return bom;
    }

    public static void write(ObjectNode bom, Path file) {
        try {
            Files.write(file, JSON.writeValueAsBytes(bom));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Critical/high vulnerabilities in the SBOM that no analysis clears. */
    public static int blockingVulnerabilities(Path sbomFile) {
        JsonNode bom;
        try {
            bom = JSON.readTree(sbomFile.toFile());
        } catch (IOException e) {
            throw new IntegrityException("sbom", "cannot read " + sbomFile.getFileName() + ": " + e.getMessage());
        }
        int blocking = 0;
        for (JsonNode vulnerability : bom.path("vulnerabilities")) {
            String state = vulnerability.path("analysis").path("state").asText("");
            if (CLEARED.contains(state)) {
                continue;
            }
            for (JsonNode rating : vulnerability.path("ratings")) {
                if (BLOCKING.contains(rating.path("severity").asText("").toLowerCase())) {
                    blocking++;
                    break;
                }
            }
        }
        return blocking;
    }

    /** The package URLs of the SBOM's components (what advisories are matched against). */
    public static List<String> components(Path sbomFile) {
        JsonNode bom;
        try {
            bom = JSON.readTree(sbomFile.toFile());
        } catch (IOException e) {
            throw new IntegrityException("sbom", "cannot read " + sbomFile.getFileName() + ": " + e.getMessage());
        }
        List<String> purls = new java.util.ArrayList<>();
        bom.path("components").forEach(c -> {
            if (!c.path("purl").asText().isEmpty()) {
                purls.add(c.path("purl").asText());
            }
        });
        return purls;
    }

    /** Maven coordinates (as purls) of the jars on a classpath that come from a Maven repository. */
    static Set<String> libraries(String classpath) {
        Set<String> purls = new TreeSet<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            Matcher matcher = MAVEN_JAR.matcher(entry.replace('\\', '/'));
            if (matcher.matches()) {
                purls.add("pkg:maven/" + matcher.group(1).replace('/', '.') + "/" + matcher.group(2) + "@"
                        + matcher.group(3));
            }
        }
        return purls;
    }
}
