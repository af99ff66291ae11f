package io.scorehouse.cel;

import static java.util.Objects.requireNonNull;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One compiled, type-checked CEL expression. Compilation rejects syntax errors and references
 * to undeclared variables; evaluation is side-effect free and terminates (CEL is not Turing
 * complete). Only java.* types cross this API: CEL and its dependencies are shaded.
 */
public final class CelExpression {
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final String source;
    private final String resultType;
    private final CelRuntime.Program program;

    private CelExpression(String source, String resultType, CelRuntime.Program program) {
        this.source = source;
        this.resultType = resultType;
        this.program = program;
    }

    /** Parses and type-checks {@code source} against the declared variables. */
    public static CelExpression compile(String source, Map<String, CelType> variables) throws CelException {
        requireNonNull(source, "source is null");
        CelCompilerBuilder builder =
                CelCompilerFactory.standardCelCompilerBuilder().setStandardMacros(CelStandardMacro.STANDARD_MACROS);
        variables.forEach((name, type) -> builder.addVar(
                name,
                switch (type) {
                    case STRING -> SimpleType.STRING;
                    case INT -> SimpleType.INT;
                    case DOUBLE -> SimpleType.DOUBLE;
                    case BOOL -> SimpleType.BOOL;
                    case MAP -> MapType.create(SimpleType.STRING, SimpleType.DYN);
                    case LIST -> ListType.create(SimpleType.DYN);
                }));
        CelCompiler compiler = builder.build();
        try {
            CelAbstractSyntaxTree ast = compiler.compile(source).getAst();
            return new CelExpression(source, ast.getResultType().name(), RUNTIME.createProgram(ast));
        } catch (CelValidationException e) {
            throw new CelException(e.getMessage());
        } catch (CelEvaluationException e) {
            throw new CelException("cannot plan the expression: " + e.getMessage());
        }
    }

    public String source() {
        return source;
    }

    /** The checked result type: {@code bool}, {@code int}, {@code list}, {@code dyn}, … */
    public String resultType() {
        return resultType;
    }

    /** Evaluates with the given values; ints may be Integer or Long, maps and lists nest. */
    public Object evaluate(Map<String, ?> bindings) throws CelException {
        Map<String, Object> normalized = new LinkedHashMap<>();
        bindings.forEach((name, value) -> normalized.put(name, normalize(value, name)));
        try {
            return toJava(program.eval(normalized));
        } catch (CelEvaluationException e) {
            throw new CelException(e.getMessage());
        }
    }

    private static Object normalize(Object value, String path) {
        if (value == null) {
            throw new IllegalArgumentException("CEL input '" + path + "' is null");
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), normalize(item, path + "." + key)));
            return copy;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>();
            int index = 0;
            for (Object item : collection) {
                copy.add(normalize(item, path + "[" + index++ + "]"));
            }
            return copy;
        }
        return value;
    }

    /** Results as plain JDK collections (CEL returns shaded Guava immutables). */
    private static Object toJava(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(toJava(key), toJava(item)));
            return copy;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>();
            collection.forEach(item -> copy.add(toJava(item)));
            return copy;
        }
        return value;
    }
}
