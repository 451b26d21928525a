package io.portway.testsupport.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.portway.testsupport.fuzz.Values.NOBODY;
import static io.portway.testsupport.fuzz.Values.anyText;
import static io.portway.testsupport.fuzz.Values.hugeNumberText;
import static io.portway.testsupport.fuzz.Values.simpleName;

/**
 * The bodies of {@link ApiFuzz} calls: JSON shaped like the endpoint's request schema with random values mixed in,
 * JSON of any shape, deep nesting and garbage.
 */
final class JsonBodies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonBodies() {
    }

    static Arbitrary<String> body(ApiFuzz.Endpoint endpoint, JsonNode openApi, List<String> names) {
        Arbitrary<String> shaped = endpoint.bodySchema() == null ? anyJson(3).map(JsonBodies::write)
                : fromSchema(endpoint.bodySchema(), openApi, names, 0).map(JsonBodies::write);
        return Arbitraries.frequencyOf(
                Tuple.of(8, shaped),
                Tuple.of(3, anyJson(4).map(JsonBodies::write)),
                Tuple.of(1, deepNesting()),
                Tuple.of(1, Arbitraries.of("", "{", "]", "{\"a\":1,}", "nul", "\"\\ud800\"", "{\"a\":1e999999999}",
                        "{\"name\":\"x\" \"b\":2}", "\u0000", "[" + "1,".repeat(20_000) + "1]")),
                Tuple.of(1, Arbitraries.just(NOBODY)));
    }

    private static Arbitrary<String> deepNesting() {
        return Arbitraries.integers().between(50, 5000).flatMap(depth -> Arbitraries.of(
                "[".repeat(depth) + "]".repeat(depth),
                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                "{\"filter\":" + "[".repeat(depth) + "]".repeat(depth) + "}"));
    }

    /** JSON of any shape, nested at most {@code depth} levels. */
    private static Arbitrary<JsonNode> anyJson(int depth) {
        return Arbitraries.recursive(JsonBodies::scalar, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(6).map(JsonBodies::array),
                Arbitraries.maps(anyText(12), inner).ofMaxSize(6).map(JsonBodies::object)), 0, depth);
    }

    private static Arbitrary<JsonNode> scalar() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, text(anyText(40))),
                Tuple.of(1, text(Arbitraries.strings().all().ofMinLength(5_000).ofMaxLength(100_000))),
                Tuple.of(2, Arbitraries.longs().map(l -> (JsonNode) LongNode.valueOf(l))),
                Tuple.of(2, hugeNumberText().filter(JsonBodies::isNumber)
                        .map(text -> (JsonNode) DecimalNode.valueOf(new BigDecimal(text)))),
                Tuple.of(1, Arbitraries.<JsonNode>of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance())));
    }

    private static Arbitrary<JsonNode> text(Arbitrary<String> strings) {
        return strings.map(value -> (JsonNode) TextNode.valueOf(value));
    }

    private static boolean isNumber(String text) {
        try {
            new BigDecimal(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** JSON shaped by an OpenAPI schema, each value now and then replaced by anything. */
    private static Arbitrary<JsonNode> fromSchema(JsonNode schema, JsonNode openApi, List<String> names,
            int depth) {
        JsonNode resolved = resolve(schema, openApi);
        Arbitrary<JsonNode> typed = typed(resolved, openApi, names, depth);
        return Arbitraries.frequencyOf(Tuple.of(6, typed), Tuple.of(1, anyJson(2)));
    }

    private static Arbitrary<JsonNode> typed(JsonNode schema, JsonNode openApi, List<String> names, int depth) {
        if (depth > 6) {
            return scalar();
        }
        if (schema.has("enum")) {
            List<JsonNode> values = new ArrayList<>();
            schema.get("enum").forEach(values::add);
            return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.of(values)), Tuple.of(1, text(anyText(10))));
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        switch (type) {
            case "object": {
                if (!schema.has("properties")) {
                    JsonNode values = schema.path("additionalProperties");
                    Arbitrary<JsonNode> value = values.isObject()
                            ? fromSchema(values, openApi, names, depth + 1) : anyJson(2);
                    Arbitrary<String> key = Arbitraries.frequencyOf(
                            Tuple.of(4, Arbitraries.of("username", "password", "token", "signingSecret",
                                    "contentType", "apiKey", "header")),
                            Tuple.of(2, anyText(20)));
                    return Arbitraries.frequencyOf(
                            Tuple.of(6, Arbitraries.maps(key, value).ofMaxSize(5)),
                            Tuple.of(1, Arbitraries.maps(simpleName(), value).ofMinSize(45).ofMaxSize(60)))
                            .map(JsonBodies::object);
                }
                List<String> keys = new ArrayList<>();
                List<Arbitrary<Optional<JsonNode>>> values = new ArrayList<>();
                schema.get("properties").fields().forEachRemaining(property -> {
                    keys.add(property.getKey());
                    Arbitrary<JsonNode> value = property.getKey().equals("name") && !names.isEmpty()
                            ? Arbitraries.frequencyOf(Tuple.of(3, text(simpleName())),
                            Tuple.of(1, text(Arbitraries.of(names))),
                            Tuple.of(1, fromSchema(property.getValue(), openApi, names, depth + 1)))
                            : fromSchema(property.getValue(), openApi, names, depth + 1);
                    values.add(Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(Optional.<JsonNode>empty())),
                            Tuple.of(5, value.map(Optional::of))));
                });
                Arbitrary<Map<String, JsonNode>> extra = Arbitraries.maps(anyText(10), scalar()).ofMaxSize(1);
                return Combinators.combine(Combinators.combine(values).as(list -> list), extra,
                        Arbitraries.integers().between(0, 9)).as((present, unknown, dice) -> {
                    ObjectNode object = NODES.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        present.get(i).ifPresent(keyValue(object, keys.get(i)));
                    }
                    if (dice == 0) {
                        unknown.forEach(object::set);
                    }
                    return object;
                });
            }
            case "array": {
                Arbitrary<JsonNode> item = fromSchema(schema.path("items"), openApi, names, depth + 1);
                return Arbitraries.frequencyOf(
                        Tuple.of(8, item.list().ofMaxSize(4)),
                        Tuple.of(1, item.list().ofMinSize(95).ofMaxSize(110))).map(JsonBodies::array);
            }
            case "integer":
            case "number":
                return Arbitraries.frequencyOf(
                        Tuple.of(5, Arbitraries.integers().between(-2, 12).map(i -> (JsonNode) LongNode.valueOf(i))),
                        Tuple.of(2, scalar()));
            case "boolean":
                return Arbitraries.<JsonNode>of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance());
            case "string": {
                String format = schema.path("format").asText("");
                Arbitrary<String> plausible = switch (format) {
                    case "date-time" -> Arbitraries.of("2026-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "tomorrow");
                    case "duration" -> Arbitraries.of("PT30S", "P365D", "P366D", "-PT1S", "PT99999999999H");
                    default -> Arbitraries.frequencyOf(Tuple.of(4, simpleName()),
                            Tuple.of(2, Arbitraries.of("file:///tmp/out/%MessageID%.xml", "http://127.0.0.1:1/x",
                                    "https://example.com/in", "kafka://orders", "kafka://portway.messages",
                                    "https://u:p@example.com/", "==", "exists", "12:00", "Europe/Amsterdam")),
                            Tuple.of(2, anyText(80)),
                            Tuple.of(1, Arbitraries.strings().all().ofMinLength(257).ofMaxLength(5000)));
                };
                return text(plausible);
            }
            default:
                return anyJson(2);
        }
    }

    private static java.util.function.Consumer<JsonNode> keyValue(ObjectNode object, String key) {
        return value -> object.set(key, value);
    }

    private static JsonNode resolve(JsonNode schema, JsonNode openApi) {
        Set<String> seen = new LinkedHashSet<>();
        JsonNode current = schema;
        while (current.has("$ref") && seen.add(current.get("$ref").asText())) {
            String ref = current.get("$ref").asText();
            current = openApi.at(ref.startsWith("#") ? ref.substring(1) : ref);
        }
        if (current.has("allOf") && current.get("allOf").size() == 1) {
            return resolve(current.get("allOf").get(0), openApi);
        }
        if (current.has("oneOf") && current.get("oneOf").size() > 0) {
            return resolve(current.get("oneOf").get(0), openApi);
        }
        return current;
    }

    private static JsonNode array(List<JsonNode> items) {
        ArrayNode array = NODES.arrayNode();
        items.forEach(array::add);
        return array;
    }

    private static JsonNode object(Map<String, JsonNode> fields) {
        ObjectNode object = NODES.objectNode();
        fields.forEach(object::set);
        return object;
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
