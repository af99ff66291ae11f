package io.scorehouse.gates.policy;

import static java.util.Objects.requireNonNull;

import io.scorehouse.cel.CelException;
import io.scorehouse.cel.CelExpression;
import io.scorehouse.cel.CelType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One decision point ({@code conf/policies/<name>.yaml}): declared inputs, constant params,
 * rules that must all hold, and named outputs. Deny by default: a rule that cannot be
 * evaluated counts as failed.
 */
final class Policy {
    static final String PARAMS = "params";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_][a-z0-9_]*)}");

    private final String name;
    private final String description;
    private final Map<String, CelType> inputs;
    private final Map<String, Object> params;
    private final List<PolicyRule> rules;
    private final Map<String, CelExpression> outputs;

    Policy(
            String name,
            String description,
            Map<String, CelType> inputs,
            Map<String, Object> params,
            List<PolicyRule> rules,
            Map<String, CelExpression> outputs) {
        this.name = requireNonNull(name, "name is null");
        this.description = requireNonNull(description, "description is null");
        this.inputs = Map.copyOf(inputs);
        this.params = Map.copyOf(params);
        this.rules = List.copyOf(rules);
        this.outputs = new LinkedHashMap<>(outputs);
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    Map<String, Object> params() {
        return params;
    }

    Decision decide(Map<String, ?> input, String policyDigest) {
        checkInputs(input);
        Map<String, Object> bindings = new HashMap<>(input);
        bindings.put(PARAMS, params);

        Map<String, Object> outputValues = new LinkedHashMap<>();
        outputs.forEach((output, expression) -> {
            try {
                outputValues.put(output, expression.evaluate(bindings));
            } catch (CelException e) {
                // An output that cannot be computed is simply absent; rules still decide.
            }
        });

        List<Decision.FailedRule> failed = new ArrayList<>();
        for (PolicyRule rule : rules) {
            try {
                if (!Boolean.TRUE.equals(rule.expression().evaluate(bindings))) {
                    failed.add(new Decision.FailedRule(rule.name(), render(rule.message(), outputValues)));
                }
            } catch (CelException e) {
                failed.add(new Decision.FailedRule(
                        rule.name(),
                        render(rule.message(), outputValues) + " (not evaluable: " + firstLine(e.getMessage()) + ")"));
            }
        }
        return new Decision(name, failed.isEmpty(), failed, outputValues, policyDigest);
    }

    private void checkInputs(Map<String, ?> input) {
        for (String declared : inputs.keySet()) {
            if (!input.containsKey(declared)) {
                throw new PolicyException("decision " + name + " needs input '" + declared + "' (declared: "
                        + new TreeSet<>(inputs.keySet()) + ")");
            }
        }
        for (String given : input.keySet()) {
            if (!inputs.containsKey(given)) {
                throw new PolicyException("decision " + name + " has no input '" + given + "' (declared: "
                        + new TreeSet<>(inputs.keySet()) + ")");
            }
        }
    }

    /** Fills {@code {name}} from outputs, then params; unknown names stay as written. */
    private String render(String message, Map<String, Object> outputValues) {
        Matcher matcher = PLACEHOLDER.matcher(message);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String key = matcher.group(1);
            Object value = outputValues.containsKey(key) ? outputValues.get(key) : params.get(key);
            matcher.appendReplacement(
                    out, Matcher.quoteReplacement(value == null ? matcher.group() : String.valueOf(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String firstLine(String text) {
        int newline = text == null ? -1 : text.indexOf('\n');
        return newline < 0 ? String.valueOf(text) : text.substring(0, newline);
    }
}
