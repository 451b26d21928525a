package io.portway.command.bindings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.events.SendPortConfiguration;
import io.portway.messaging.PortwayJackson;
import io.portway.support.FieldError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reading a bindings document's JSON: its artifact objects, and each as a request, with the reason when it is not. */
final class BindingsParsing {

    private static final ObjectMapper JSON = PortwayJackson.newObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BindingsParsing() {
    }

    /** A node read as a request: {@code value}, or null and the {@code error} saying why. */
    record Read<T>(T value, FieldError error) {
    }

    /** Copies of the objects of a list, null (and a problem) in place of anything that is not an object. */
    static List<ObjectNode> objects(List<JsonNode> nodes, String field, List<Problem> problems) {
        List<ObjectNode> objects = new ArrayList<>();
        if (nodes == null) {
            return objects;
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) instanceof ObjectNode object) {
                objects.add(object.deepCopy());
            } else {
                problems.add(Problem.invalid(field + "[" + i + "]", "must be a JSON object"));
                objects.add(null);
            }
        }
        return objects;
    }

    /** The named objects by name, the first of each name. */
    static Map<String, ObjectNode> byName(List<ObjectNode> nodes) {
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        nodes.stream().filter(node -> node != null && node.path("name").isTextual())
                .forEach(node -> byName.putIfAbsent(node.get("name").asText(), node));
        return byName;
    }

    static <T> Read<T> read(ObjectNode node, Class<T> type) {
        try {
            return new Read<>(JSON.treeToValue(node, type), null);
        } catch (UnrecognizedPropertyException e) {
            return failed(new FieldError(path(e), "unknown field"));
        } catch (InvalidFormatException e) {
            return failed(new FieldError(path(e), e.getTargetType() != null && e.getTargetType().isEnum()
                    ? "'" + e.getValue() + "' is not one of " + Arrays.stream(e.getTargetType().getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", "))
                    : "cannot read '" + e.getValue() + "'"));
        } catch (ValueInstantiationException e) {
            return failed(new FieldError(path(e),
                    e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage()));
        } catch (JsonMappingException e) {
            return failed(new FieldError(path(e), "has a value of the wrong form: " + e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            return failed(new FieldError("", e.getOriginalMessage()));
        }
    }

    /** The stored configuration of a live send port. */
    static SendPortConfiguration stored(Entry entry) {
        try {
            return JSON.readValue(entry.configuration(), SendPortConfiguration.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable configuration of send port '" + entry.name() + "'", e);
        }
    }

    private static <T> Read<T> failed(FieldError error) {
        return new Read<>(null, error);
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
