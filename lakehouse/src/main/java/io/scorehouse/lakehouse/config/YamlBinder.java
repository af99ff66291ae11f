package io.scorehouse.lakehouse.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * Binds YAML (kebab-case keys) to typed records, failing with a {@link ConfigException} that
 * names the file and the full key path: unknown keys (with the known ones), wrong types (with
 * the value), unparsable YAML (with the line). Every scorehouse YAML file is read through it.
 */
public final class YamlBinder {
    private final ObjectMapper mapper = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    /** Parses a file into a tree; missing file or bad YAML is a ConfigException naming it ({@code kind}: "config file", …). */
    public JsonNode readTree(Path file, String kind, String missingHint) {
        try {
            JsonNode root = mapper.readTree(Files.readString(file));
            if (root == null || !root.isObject()) {
                throw new ConfigException(file + ": expected a mapping of settings");
            }
            return root;
        } catch (NoSuchFileException e) {
            throw new ConfigException(
                    "no " + kind + " at " + file + (missingHint.isEmpty() ? "" : " (" + missingHint + ")"));
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    file + ": not valid YAML — " + firstLine(e.getOriginalMessage()) + location(e), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Binds {@code node} to {@code type}; {@code prefix} is the key path of the node in {@code file}. */
    public <T> T bind(JsonNode node, Class<T> type, Path file, String prefix) {
        try {
            return mapper.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException("unknown key '" + keyPath(prefix, e) + "' in " + file + " (known here: "
                    + new TreeSet<>(e.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .toList()) + ")");
        } catch (InvalidFormatException e) {
            throw new ConfigException("key '" + keyPath(prefix, e) + "' in " + file + " expects "
                    + describe(e.getTargetType()) + ", got '" + e.getValue() + "'");
        } catch (MismatchedInputException e) {
            throw new ConfigException(
                    "key '" + keyPath(prefix, e) + "' in " + file + " expects " + describe(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw new ConfigException(
                    "key '" + keyPath(prefix, e) + "' in " + file + " is invalid — "
                            + firstLine(e.getOriginalMessage()),
                    e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    file + ": cannot read '" + prefix + "' — " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String keyPath(String prefix, JsonMappingException e) {
        StringBuilder path = new StringBuilder(prefix);
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]");
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a single value";
        }
        if (type.isEnum()) {
            return "one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase();
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping";
        }
        return "a " + type.getSimpleName();
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
