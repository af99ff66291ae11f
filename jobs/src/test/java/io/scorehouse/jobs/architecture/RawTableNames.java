package io.scorehouse.jobs.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds where main code outside {@code lakehouse} (and the Access API's history reader) names the raw scored tables. ArchUnit cannot see
 * this (table names live in SQL strings and resources, and string constants are inlined), so it is a
 * scan of Java sources (comments stripped) and SQL resources.
 */
final class RawTableNames {
    private static final Pattern RAW =
            Pattern.compile("scored\\s*\\.\\s*(shadow_)?predictions\\b|\"(shadow_)?predictions\"");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern SQL_COMMENTS = Pattern.compile("--[^\\n]*");
    /** The module that owns the raw tables. */
    private static final String OWNER = "lakehouse";
    /** The one Spark-free reader outside it: the Access API's history, read with the Iceberg Java API. */
    private static final String HISTORY_READER = "api/src/main/java/io/scorehouse/api/history/";

    private RawTableNames() {}

    /** Every {@code file: match} under {@code <module>/src/main} of {@code repo}, lakehouse excluded. */
    static List<String> outsideTheOwner(Path repo) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(repo)) {
            for (Path file : files.filter(RawTableNames::scanned).toList()) {
                Path relative = repo.relativize(file);
                if (relative.getName(0).toString().equals(OWNER)
                        || relative.toString().replace('\\', '/').startsWith(HISTORY_READER)) {
                    continue;
                }
                String text = Files.readString(file);
                String code = file.toString().endsWith(".sql")
                        ? SQL_COMMENTS.matcher(text).replaceAll("")
                        : COMMENTS.matcher(text).replaceAll("");
                Matcher matcher = RAW.matcher(code);
                while (matcher.find()) {
                    found.add(relative + ": " + matcher.group());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static boolean scanned(Path file) {
        String path = file.toString().replace('\\', '/');
        return path.contains("/src/main/")
                && !path.contains("/target/")
                && (path.endsWith(".java") || path.endsWith(".sql"));
    }
}
