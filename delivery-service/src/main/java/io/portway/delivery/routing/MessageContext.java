package io.portway.delivery.routing;

import java.util.HashMap;
import java.util.Map;

/** A message's context properties with each value parsed at most once while its subscribers are found. */
public final class MessageContext {

    private final Map<String, String> properties;
    private final Map<String, TypedValue> typed = new HashMap<>();

    public MessageContext(Map<String, String> properties) {
        this.properties = properties == null ? Map.of() : properties;
    }

    public Map<String, String> properties() {
        return properties;
    }

    public boolean has(String property) {
        return properties.containsKey(property);
    }

    public String get(String property) {
        return properties.get(property);
    }

    public TypedValue typed(String property) {
        TypedValue value = typed.get(property);
        if (value == null) {
            String raw = properties.get(property);
            if (raw == null) {
                return null;
            }
            value = TypedValue.of(raw);
            typed.put(property, value);
        }
        return value;
    }
}
