package io.scorehouse.gates.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.scorehouse.cel.CelException;
import io.scorehouse.cel.CelExpression;
import io.scorehouse.cel.CelType;
import io.scorehouse.lakehouse.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The policies of one directory ({@code conf/policies}), loaded and checked as a unit.
 *
 * <p>Loading fails on the first broken file, naming file and rule: unknown keys, undeclared
 * variables, syntax errors and rules that are not boolean never reach a decision. The bundle's
 * {@link #digest()} is a sha256 over every file in canonical (sorted) order; it is the
 * {@code policy_digest} recorded in manifests, releases and snapshot summaries, and it changes
 * whenever any policy file changes.
 */
public final class PolicyBundle {
    public static final String DIRECTORY = "policies";
    private static final String SUFFIX = ".yaml";

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path directory;
    private final Map<String, Policy> policies;
    private final List<Path> files;
    private final String digest;
    private final RoleVocabulary roles;

    private PolicyBundle(
            Path directory, Map<String, Policy> policies, List<Path> files, String digest, RoleVocabulary roles) {
        this.directory = directory;
        this.policies = policies;
        this.files = files;
        this.digest = digest;
        this.roles = roles;
    }

    /** The bundle of a conf directory: {@code <confDir>/policies}. */
    public static PolicyBundle fromConf(Path confDir) {
        return load(confDir.resolve(DIRECTORY));
    }

    public static PolicyBundle load(Path directory) {
        requireNonNull(directory, "directory is null");
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new PolicyException("cannot read the policy directory " + directory + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (files.isEmpty()) {
            throw new PolicyException("no policy files (*.yaml) in " + directory);
        }
        Map<String, Policy> policies = new TreeMap<>();
        RoleVocabulary roles = null;
        StringBuilder canonical = new StringBuilder();
        for (Path file : files) {
            byte[] content = read(file);
            if (file.getFileName().toString().equals(RoleVocabulary.FILE)) {
                roles = parseRoles(file, content);
            } else {
                Policy policy = parse(file, content);
                policies.put(policy.name(), policy);
            }
            canonical
                    .append(file.getFileName())
                    .append('\0')
                    .append(Digests.sha256Hex(content))
                    .append('\n');
        }
        if (roles == null) {
            throw new PolicyException("no role vocabulary (" + RoleVocabulary.FILE + ") in " + directory);
        }
        for (Policy policy : policies.values()) {
            roles.checkParams(policy.name() + SUFFIX, policy.params());
        }
        return new PolicyBundle(
                directory,
                policies,
                files,
                Digests.PREFIX + Digests.sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8)),
                roles);
    }

    /** The role vocabulary every policy, the configured identity and the API use. */
    public RoleVocabulary roles() {
        return roles;
    }

    private record RolesDocument(String name, String description, Map<String, String> roles) {}

    private static RoleVocabulary parseRoles(Path file, byte[] content) {
        String fileName = file.getFileName().toString();
        RolesDocument document;
        try {
            document = YAML.readValue(content, RolesDocument.class);
        } catch (IOException e) {
            throw new PolicyException(fileName + ": not a valid role vocabulary — " + firstLine(e.getMessage()));
        }
        require(document != null && "roles".equals(document.name()), fileName, "name must be 'roles'");
        require(
                document.roles() != null && !document.roles().isEmpty(),
                fileName,
                "roles must map each role name to what it may do");
        document.roles()
                .keySet()
                .forEach(role -> require(
                        role.matches("[a-z][a-z0-9-]*"),
                        fileName,
                        "'" + role + "' is not a role name (lower-case, dashes)"));
        return new RoleVocabulary(document.roles());
    }

    /** {@code sha256:<hex>} over every policy file in canonical order. */
    public String digest() {
        return digest;
    }

    public Path directory() {
        return directory;
    }

    /** The policy files, in canonical order (what a policy snapshot copies). */
    public List<Path> files() {
        return files;
    }

    public Set<String> decisionPoints() {
        return policies.keySet();
    }

    /** A policy's constant parameters (thresholds), for reports and plans. */
    public Map<String, Object> params(DecisionPoint decisionPoint) {
        return params(decisionPoint.id());
    }

    /** Evaluates one decision point; the input must bind exactly the declared variables. */
    public Decision decide(DecisionPoint decisionPoint, Map<String, ?> input) {
        return decide(decisionPoint.id(), input);
    }

    /** By name: for this package's tests of policy files that no product decision point uses yet. */
    Map<String, Object> params(String decisionPoint) {
        return policy(decisionPoint).params();
    }

    Decision decide(String decisionPoint, Map<String, ?> input) {
        return policy(decisionPoint).decide(input, digest);
    }

    private Policy policy(String decisionPoint) {
        Policy policy = policies.get(decisionPoint);
        if (policy == null) {
            throw new PolicyException("no policy for decision point '" + decisionPoint + "' in " + directory
                    + " (have: " + String.join(", ", policies.keySet()) + ")");
        }
        return policy;
    }

    private static Policy parse(Path file, byte[] content) {
        String fileName = file.getFileName().toString();
        PolicyDocument document;
        try {
            document = YAML.readValue(content, PolicyDocument.class);
        } catch (UnrecognizedPropertyException e) {
            throw new PolicyException(fileName + ": unknown key '" + path(e) + "' (known: "
                    + e.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .sorted()
                            .collect(Collectors.joining(", ")) + ")");
        } catch (JsonProcessingException e) {
            throw new PolicyException(fileName + ": not a valid policy file — " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new PolicyException(fileName + ": cannot read (" + e.getMessage() + ")");
        }
        if (document == null) {
            throw new PolicyException(fileName + ": empty policy file");
        }
        String expectedName = fileName.substring(0, fileName.length() - SUFFIX.length());
        require(
                document.name() != null && document.name().equals(expectedName),
                fileName,
                "name must be '" + expectedName + "' (the file name), got '" + document.name() + "'");
        require(
                document.description() != null && !document.description().isBlank(),
                fileName,
                "description is missing");
        require(document.rules() != null && !document.rules().isEmpty(), fileName, "a policy needs at least one rule");

        Map<String, CelType> inputs = new LinkedHashMap<>();
        Map<String, String> declared = document.inputs() == null ? Map.of() : document.inputs();
        declared.forEach((variable, type) -> {
            require(
                    !Policy.PARAMS.equals(variable),
                    fileName,
                    "input name 'params' is reserved for the params section");
            inputs.put(variable, type(fileName, variable, type));
        });
        Map<String, CelType> variables = new LinkedHashMap<>(inputs);
        variables.put(Policy.PARAMS, CelType.MAP);

        List<PolicyRule> rules = new ArrayList<>();
        Set<String> ruleNames = new HashSet<>();
        for (RuleDocument rule : document.rules()) {
            require(
                    rule.name() != null && rule.name().matches("[a-z][a-z0-9_]*"),
                    fileName,
                    "every rule needs a snake_case name, got '" + rule.name() + "'");
            require(ruleNames.add(rule.name()), fileName, "rule '" + rule.name() + "' is defined twice");
            require(rule.expr() != null && !rule.expr().isBlank(), fileName, "rule '" + rule.name() + "' has no expr");
            require(
                    rule.message() != null && !rule.message().isBlank(),
                    fileName,
                    "rule '" + rule.name() + "' has no message");
            CelExpression expression = compile(fileName, "rule '" + rule.name() + "'", rule.expr(), variables);
            require(
                    "bool".equals(expression.resultType()),
                    fileName,
                    "rule '" + rule.name() + "' must be boolean, but its expression is " + expression.resultType());
            rules.add(new PolicyRule(rule.name(), expression, rule.message().strip()));
        }

        Map<String, CelExpression> outputs = new LinkedHashMap<>();
        if (document.outputs() != null) {
            document.outputs()
                    .forEach((output, expr) ->
                            outputs.put(output, compile(fileName, "output '" + output + "'", expr, variables)));
        }
        return new Policy(
                document.name(),
                document.description().strip(),
                inputs,
                document.params() == null ? Map.of() : document.params(),
                rules,
                outputs);
    }

    private static CelExpression compile(String fileName, String what, String expr, Map<String, CelType> variables) {
        try {
            return CelExpression.compile(expr, variables);
        } catch (CelException e) {
            throw new PolicyException(fileName + ": " + what + " does not compile — " + firstLine(e.getMessage()));
        }
    }

    private static CelType type(String fileName, String variable, String type) {
        try {
            return CelType.valueOf(String.valueOf(type).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PolicyException(fileName + ": input '" + variable + "' has unknown type '" + type
                    + "' (use string, int, double, bool, map or list)");
        }
    }

    private static void require(boolean condition, String fileName, String problem) {
        if (!condition) {
            throw new PolicyException(fileName + ": " + problem);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyException(
                    "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String firstLine(String text) {
        int newline = text == null ? -1 : text.indexOf('\n');
        return newline < 0 ? String.valueOf(text) : text.substring(0, newline);
    }

    /** A policy file as written. */
    record PolicyDocument(
            String name,
            String description,
            Map<String, String> inputs,
            Map<String, Object> params,
            List<RuleDocument> rules,
            Map<String, String> outputs) {}

    record RuleDocument(String name, String expr, String message) {}
}
