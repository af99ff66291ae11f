package io.scorehouse.lakehouse.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Loads and validates {@code conf/reasons/<name>.yaml}; every problem names the file and key. */
public final class ReasonCodeSets extends DefinitionDirectory<ReasonCodes> {
    public static final String DIRECTORY = "reasons";
    private static final Pattern FEATURE = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

    public ReasonCodeSets(Path confDir) {
        super(confDir, DIRECTORY, "reason-code mapping", ReasonCodes.class);
    }

    @Override
    protected void validate(ReasonCodes r, Path file, String name) {
        ConfigProblems problems = new ConfigProblems(file);
        problems.require(!r.reasons().isEmpty(), "reasons", "must map at least one feature and direction to a code");
        Set<String> mapped = new HashSet<>();
        for (ReasonCodes.Reason reason : r.reasons()) {
            problems.require(
                    reason.feature() != null
                            && FEATURE.matcher(reason.feature()).matches(),
                    "reasons",
                    "'" + reason.feature() + "' is not a feature name");
            problems.require(reason.direction() != null, "reasons." + reason.feature(), "direction must be up or down");
            problems.require(
                    reason.code() != null && CODE.matcher(reason.code()).matches(),
                    "reasons." + reason.feature(),
                    "code must be upper-case letters, digits and _ (at most 32), got '" + reason.code() + "'");
            problems.require(
                    reason.text() != null && !reason.text().isBlank(),
                    "reasons." + reason.feature(),
                    "text is required (it is what the entity is told)");
            problems.require(
                    mapped.add(reason.feature() + "/" + reason.direction()),
                    "reasons." + reason.feature(),
                    "maps direction " + String.valueOf(reason.direction()).toLowerCase() + " twice");
        }
    }
}
