package io.scorehouse.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CelExpressionTest {
    private static final Map<String, CelType> VARIABLES = Map.of(
            "model", CelType.MAP, "expected_digest", CelType.STRING, "p95", CelType.DOUBLE, "count", CelType.INT);

    @Test
    void evaluatesRulesOverNestedInputs() throws CelException {
        CelExpression approved = CelExpression.compile(
                "model.stage == 'Approved' && !model.revoked && model.digest == expected_digest", VARIABLES);

        assertThat(approved.resultType()).isEqualTo("bool");
        assertThat(approved.evaluate(Map.of(
                        "model",
                        Map.of("stage", "Approved", "revoked", false, "digest", "sha256:ab"),
                        "expected_digest",
                        "sha256:ab")))
                .isEqualTo(true);
        assertThat(approved.evaluate(Map.of(
                        "model",
                        Map.of("stage", "Staging", "revoked", false, "digest", "sha256:ab"),
                        "expected_digest",
                        "sha256:ab")))
                .isEqualTo(false);
    }

    @Test
    void acceptsJavaIntegersAndReturnsJdkCollections() throws CelException {
        assertThat(CelExpression.compile("count + 1", VARIABLES).evaluate(Map.of("count", 41)))
                .isEqualTo(42L);
        Object fields = CelExpression.compile(
                        "model.role != 'risk-analyst' ? ['entity_key', 'explanations'] : []", VARIABLES)
                .evaluate(Map.of("model", Map.of("role", "ops")));
        assertThat(fields).isInstanceOf(java.util.ArrayList.class).isEqualTo(List.of("entity_key", "explanations"));
    }

    @Test
    void rejectsUndeclaredVariablesAtCompileTime() {
        assertThatThrownBy(() -> CelExpression.compile("modle.stage == 'Approved'", VARIABLES))
                .isInstanceOf(CelException.class)
                .hasMessageContaining("modle");
    }

    @Test
    void supportsTheStandardMacros() throws CelException {
        Map<String, CelType> lists = Map.of("columns", CelType.LIST, "allowed", CelType.LIST);
        CelExpression all = CelExpression.compile("columns.all(c, c in allowed)", lists);
        assertThat(all.evaluate(Map.of("columns", List.of("a"), "allowed", List.of("a", "b"))))
                .isEqualTo(true);
        assertThat(CelExpression.compile("columns.filter(c, !(c in allowed))", lists)
                        .evaluate(Map.of("columns", List.of("a", "x"), "allowed", List.of("a"))))
                .isEqualTo(List.of("x"));
    }

    @Test
    void rejectsSyntaxErrors() {
        assertThatThrownBy(() -> CelExpression.compile("model.stage == ", VARIABLES))
                .isInstanceOf(CelException.class);
    }

    @Test
    void reportsTheResultTypeSoCallersCanRequireBool() throws CelException {
        assertThat(CelExpression.compile("p95 * 2.0", VARIABLES).resultType()).isEqualTo("double");
    }

    @Test
    void missingMapKeyIsAnEvaluationError() throws CelException {
        CelExpression expression = CelExpression.compile("model.stage == 'Approved'", VARIABLES);
        assertThatThrownBy(() -> expression.evaluate(Map.of("model", Map.of())))
                .isInstanceOf(CelException.class)
                .hasMessageContaining("stage");
    }
}
