package io.scorehouse.lakehouse.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Loads and validates {@code conf/models/<name>.yaml}; every problem names the file and key. */
public final class ModelDefinitions extends DefinitionDirectory<ModelDefinition> {
    public static final String DIRECTORY = "models";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern TABLE = Pattern.compile("[a-z_]+\\.[a-z][a-z0-9_]*");

    public ModelDefinitions(Path confDir) {
        super(confDir, DIRECTORY, "model", ModelDefinition.class);
    }

    @Override
    protected void validate(ModelDefinition m, Path file, String name) {
        ConfigProblems problems = new ConfigProblems(file);
        problems.require(
                m.featuresTable() != null && TABLE.matcher(m.featuresTable()).matches(),
                "features-table",
                "must be database.table, got '" + m.featuresTable() + "'");
        problems.require(
                m.labelsTable() != null && TABLE.matcher(m.labelsTable()).matches(),
                "labels-table",
                "must be database.table, got '" + m.labelsTable() + "'");
        problems.present(m.columns(), "columns");
        ModelDefinition.Columns c = m.columns();
        for (String[] key : new String[][] {
            {"columns.entity-id", c.entityId()},
            {"columns.tenant", c.tenant()},
            {"columns.event-time", c.eventTime()},
            {"columns.label", c.label()},
            {"columns.label-date", c.labelDate()}
        }) {
            problems.require(
                    key[1] != null && IDENTIFIER.matcher(key[1]).matches(),
                    key[0],
                    "must name a column, got '" + key[1] + "'");
        }
        problems.present(m.card(), "card");
        for (String[] key : new String[][] {
            {"card.intended-use", m.card().intendedUse()},
            {"card.limitations", m.card().limitations()},
            {"card.owner", m.card().owner()}
        }) {
            problems.require(key[1] != null && !key[1].isBlank(), key[0], "is required (the model card states it)");
        }
        features(problems, "features", m.features());
        training(problems, "training", m.training());
        if (m.degraded() != null) {
            features(problems, "degraded.features", m.degraded().features());
            training(problems, "degraded.training", m.degraded().training());
        }
    }

    private static void features(ConfigProblems problems, String key, List<String> features) {
        problems.require(!features.isEmpty(), key, "must list the model's features");
        for (String feature : features) {
            problems.require(IDENTIFIER.matcher(feature).matches(), key, "'" + feature + "' is not a column name");
        }
        problems.require(new HashSet<>(features).size() == features.size(), key, "lists a feature twice");
    }

    private static void training(ConfigProblems problems, String key, ModelDefinition.Training t) {
        problems.present(t, key);
        problems.require(t.numRound() != null && t.numRound() > 0, key + ".num-round", "must be a positive integer");
        problems.require(t.maxDepth() != null && t.maxDepth() > 0, key + ".max-depth", "must be a positive integer");
        problems.require(t.eta() != null && t.eta() > 0 && t.eta() <= 1, key + ".eta", "must be in (0, 1]");
        problems.require(
                t.subsample() != null && t.subsample() > 0 && t.subsample() <= 1,
                key + ".subsample",
                "must be in (0, 1]");
        problems.require(t.seed() != null, key + ".seed", "is required (training must be reproducible)");
    }
}
