package io.portway.console.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What importing a bindings document would change in its application, worked out before anything is sent:
 * per port and group, whether it would be created, reconfigured (which fields, before → after, including its
 * status), left as it is, or — present now but absent from the document — left untouched.
 */
record BindingsPreview(String application, List<Item> items) {

    /** Fields that describe the current incarnation rather than its configuration. */
    private static final Set<String> IGNORED = Set.of("version", "artifactId", "groups");

    enum Outcome { CREATE, CHANGE, UNCHANGED, NOT_IN_DOCUMENT }

    record Item(String kind, String name, Outcome outcome, List<String> details) {
    }

    static BindingsPreview of(JsonNode current, JsonNode incoming) {
        List<Item> items = new ArrayList<>();
        compare("send port", current == null ? null : current.get("sendPorts"), incoming.get("sendPorts"), items);
        compare("send port group", current == null ? null : current.get("sendPortGroups"),
                incoming.get("sendPortGroups"), items);
        return new BindingsPreview(incoming.path("application").asText(""), items);
    }

    /**
     * Applies {@code "overrides": {"<artifact>": {"primaryTransport.address": value}}} to a copy of the document,
     * the way the import will, so that the preview shows the addresses that will be used.
     */
    static JsonNode withOverrides(JsonNode document) {
        JsonNode overrides = document.get("overrides");
        if (overrides == null || !overrides.isObject()) {
            return document;
        }
        ObjectNode copy = document.deepCopy();
        for (String collection : List.of("sendPorts", "sendPortGroups")) {
            for (JsonNode artifact : copy.path(collection)) {
                JsonNode forArtifact = overrides.get(artifact.path("name").asText());
                if (forArtifact == null || !artifact.isObject()) {
                    continue;
                }
                forArtifact.fields().forEachRemaining(override -> {
                    String[] path = override.getKey().split("\\.");
                    ObjectNode target = (ObjectNode) artifact;
                    for (int i = 0; i < path.length - 1; i++) {
                        JsonNode next = target.get(path[i]);
                        target = next instanceof ObjectNode object ? object : target.putObject(path[i]);
                    }
                    target.set(path[path.length - 1], override.getValue());
                });
            }
        }
        return copy;
    }

    public boolean hasChanges() {
        return items.stream().anyMatch(item -> item.outcome() == Outcome.CREATE || item.outcome() == Outcome.CHANGE);
    }

    private static void compare(String kind, JsonNode current, JsonNode incoming, List<Item> items) {
        Map<String, JsonNode> now = byName(current);
        Map<String, JsonNode> wanted = byName(incoming);
        wanted.forEach((name, artifact) -> {
            JsonNode existing = now.get(name);
            if (existing == null) {
                items.add(new Item(kind, name, Outcome.CREATE,
                        List.of("status " + artifact.path("status").asText("Bound"))));
                return;
            }
            List<String> details = new ArrayList<>();
            differences("", existing, artifact, details);
            items.add(new Item(kind, name, details.isEmpty() ? Outcome.UNCHANGED : Outcome.CHANGE, details));
        });
        now.keySet().stream().filter(name -> !wanted.containsKey(name)).forEach(name -> items.add(
                new Item(kind, name, Outcome.NOT_IN_DOCUMENT, List.of("not in the document: left as it is"))));
    }

    private static void differences(String path, JsonNode before, JsonNode after, List<String> details) {
        if (before != null && after != null && before.isObject() && after.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            after.fieldNames().forEachRemaining(names::add);
            before.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (path.isEmpty() && IGNORED.contains(name)) {
                    continue;
                }
                differences(path.isEmpty() ? name : path + "." + name, before.get(name), after.get(name), details);
            }
            return;
        }
        if (after == null || after.isMissingNode()) {
            return;
        }
        if (before == null || !normal(before).equals(normal(after))) {
            details.add(path + ": " + text(before) + " → " + text(after));
        }
    }

    /** A member list given as names or as {name, status} objects compares by names. */
    private static JsonNode normal(JsonNode value) {
        if (value.isArray() && value.size() > 0 && value.get(0).isObject() && value.get(0).has("name")
                && value.get(0).has("status") && value.get(0).size() == 2) {
            var names = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            value.forEach(member -> names.add(member.get("name").asText()));
            return names;
        }
        return value;
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "(none)";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static Map<String, JsonNode> byName(JsonNode artifacts) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        if (artifacts != null) {
            for (JsonNode artifact : artifacts) {
                byName.put(artifact.path("name").asText(), artifact);
            }
        }
        return byName;
    }
}
