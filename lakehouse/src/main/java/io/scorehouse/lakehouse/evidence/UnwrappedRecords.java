package io.scorehouse.lakehouse.evidence;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * Reads an evidence record that has an {@link JsonUnwrapped} component (written flat, e.g. a gate
 * report's verdict fields at the top of the file): Jackson 2.15 cannot combine {@code @JsonUnwrapped}
 * with a record's constructor. The unwrapped component is bound from the whole object, every other
 * component from its snake_case key. Put on a record with {@code @JsonDeserialize(using = UnwrappedRecords.class)}.
 */
public final class UnwrappedRecords extends JsonDeserializer<Record> implements ContextualDeserializer {
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private final JavaType type;

    public UnwrappedRecords() {
        this(null);
    }

    private UnwrappedRecords(JavaType type) {
        this.type = type;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
        return new UnwrappedRecords(property == null ? context.getContextualType() : property.getType());
    }

    @Override
    public Record deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode json = parser.readValueAsTree();
        Class<?> recordType = type.getRawClass();
        RecordComponent[] components = recordType.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            JavaType componentType = context.getTypeFactory().constructType(component.getGenericType());
            JsonNode value = component.getAccessor().isAnnotationPresent(JsonUnwrapped.class)
                    ? json
                    : json.path(SNAKE_CASE.translate(component.getName()));
            values[i] = value.isMissingNode() || value.isNull() ? null : context.readTreeAsValue(value, componentType);
        }
        try {
            Constructor<?> canonical = recordType.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            canonical.setAccessible(true);
            return (Record) canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot build " + recordType.getSimpleName() + " from evidence JSON", e);
        }
    }
}
