package io.scorehouse.gates.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.scorehouse.gates.policy.RoleVocabulary;
import io.scorehouse.lakehouse.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The analysts file ({@code analysts: [{user, tenant, roles, purpose}]}): who may query governed views through
 * Trino. Anything malformed — a missing field, a role outside the vocabulary, a user named twice — is a config
 * error naming the file and the entry, never a rule silently left out.
 */
public final class Analysts {
    private Analysts() {}

    public static List<Analyst> load(Path file, RoleVocabulary vocabulary) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("analysts file " + file + " does not exist");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file + " is not YAML: " + firstLine(e.getMessage()));
        }
        JsonNode entries = root == null ? null : root.get("analysts");
        if (entries == null || !entries.isArray()) {
            throw new ConfigException(file + ": expected a list 'analysts'");
        }
        List<Analyst> analysts = new ArrayList<>();
        Set<String> users = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String where = file + ": analysts[" + i + "]";
            String user = text(entry, "user", where);
            if (!Analyst.USER.matcher(user).matches()) {
                throw new ConfigException(where + ".user '" + user + "' must match " + Analyst.USER.pattern());
            }
            if (!users.add(user)) {
                throw new ConfigException(where + ".user '" + user + "' is listed twice");
            }
            JsonNode roleList = entry.get("roles");
            if (roleList == null || !roleList.isArray() || roleList.isEmpty()) {
                throw new ConfigException(where + ".roles must be a non-empty list");
            }
            List<String> roles = new ArrayList<>();
            for (JsonNode role : roleList) {
                if (!vocabulary.defines(role.asText())) {
                    throw new ConfigException(where + ".roles names '" + role.asText()
                            + "', which is not a role of the vocabulary " + vocabulary.names());
                }
                roles.add(role.asText());
            }
            analysts.add(new Analyst(user, text(entry, "tenant", where), roles, text(entry, "purpose", where)));
        }
        return List.copyOf(analysts);
    }

    private static String text(JsonNode entry, String field, String where) {
        JsonNode value = entry == null ? null : entry.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new ConfigException(where + "." + field + " is required");
        }
        return value.asText().strip();
    }

    private static String firstLine(String message) {
        return String.valueOf(message).lines().findFirst().orElse("");
    }
}
