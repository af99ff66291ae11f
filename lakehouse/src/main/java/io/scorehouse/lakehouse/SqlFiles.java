package io.scorehouse.lakehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Business-logic SQL kept in {@code .sql} resources, with {@code ${name}} placeholders. */
public final class SqlFiles {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

    private SqlFiles() {}

    /** The statements of a file of several, separated by a ';' at the end of a line. */
    public static java.util.List<String> statements(String resource, Map<String, String> values) {
        return split(render(resource, values));
    }

    /** Rendered SQL split into its statements (a ';' at the end of a line ends one). */
    public static java.util.List<String> split(String sql) {
        return java.util.Arrays.stream(sql.split(";\\s*(\\n|$)"))
                .map(String::strip)
                .filter(statement -> !statement.isEmpty())
                .toList();
    }

    /** A Spark SQL string literal for {@code value} (backslash and quote escaped); NULL as a typed null. */
    public static String literal(String value) {
        return value == null
                ? "CAST(NULL AS STRING)"
                : "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The body of a Spark SQL timestamp literal, {@code TIMESTAMP'<body>'}, for an instant (the session time zone is UTC). */
    public static String timestamp(java.time.Instant instant) {
        return instant.toString().replace('T', ' ').replace("Z", "");
    }

    public static String render(String resource, Map<String, String> values) {
        String template;
        try (InputStream in = SqlFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing SQL resource " + resource);
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher matcher = PLACEHOLDER.matcher(template.replaceAll("(?m)^--.*$", ""));
        StringBuilder sql = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException(resource + " needs a value for ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(sql, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(sql);
        return sql.toString();
    }
}
