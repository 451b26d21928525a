package io.portway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What importing a bindings document would change, computed on the client by comparing the document (with its
 * overrides applied, as the service applies them) with the application's export. Only the fields that the document
 * names are compared: a field it leaves out takes the service's default.
 */
final class BindingsDiff {

    static final String SECRET = "******";
    private static final Set<String> NOT_COMPARED = Set.of("name", "version", "groups", "status");

    record FieldChange(String path, JsonNode before, JsonNode after) {
    }

    /** One artifact of the document: {@code create}, {@code reconfigure} or {@code unchanged}, and its status. */
    record ArtifactChange(String kind, String name, String change, String statusBefore, String statusAfter,
                          List<FieldChange> fields) {
    }

    record NotInDocument(String kind, String name, String status) {
    }

    record Plan(List<ArtifactChange> artifacts, List<NotInDocument> notInDocument) {
    }

    private BindingsDiff() {
    }

    /**
     * @param current the export ({@code null} when the application has no artifact yet)
     * @param document the document to import, with {@code overrides} already applied
     */
    static Plan plan(JsonNode current, JsonNode document) {
        Map<String, JsonNode> ports = byName(current == null ? null : current.path("sendPorts"));
        Map<String, JsonNode> groups = byName(current == null ? null : current.path("sendPortGroups"));
        List<ArtifactChange> changes = new ArrayList<>();
        for (JsonNode port : document.path("sendPorts")) {
            changes.add(change("SendPort", port, ports.remove(port.path("name").asText())));
        }
        for (JsonNode group : document.path("sendPortGroups")) {
            changes.add(change("SendPortGroup", normalizedGroup(group), groups.remove(group.path("name").asText())));
        }
        List<NotInDocument> rest = new ArrayList<>();
        ports.values().forEach(port -> rest.add(new NotInDocument("SendPort", port.path("name").asText(),
                port.path("status").asText())));
        groups.values().forEach(group -> rest.add(new NotInDocument("SendPortGroup", group.path("name").asText(),
                group.path("status").asText())));
        return new Plan(changes, rest);
    }

    /** The document with its {@code overrides} set into its artifacts (paths dotted into nested objects). */
    static ObjectNode applyOverrides(JsonNode document) {
        ObjectNode applied = document.deepCopy();
        JsonNode overrides = applied.remove("overrides");
        if (overrides == null || !overrides.isObject()) {
            return applied;
        }
        overrides.fields().forEachRemaining(artifact -> {
            ObjectNode target = find(applied, artifact.getKey());
            if (target == null) {
                throw new Portway.UsageProblem("override for '" + artifact.getKey()
                        + "': no send port or send port group of that name in the document");
            }
            artifact.getValue().fields().forEachRemaining(value -> {
                String[] parts = value.getKey().split("\\.");
                ObjectNode node = target;
                for (int i = 0; i < parts.length - 1; i++) {
                    JsonNode next = node.path(parts[i]);
                    node = next.isObject() ? (ObjectNode) next : node.putObject(parts[i]);
                }
                node.set(parts[parts.length - 1], value.getValue());
            });
        });
        return applied;
    }

    private static ObjectNode find(ObjectNode document, String name) {
        for (String list : List.of("sendPorts", "sendPortGroups")) {
            for (JsonNode artifact : document.path(list)) {
                if (artifact.isObject() && name.equals(artifact.path("name").asText())) {
                    return (ObjectNode) artifact;
                }
            }
        }
        return null;
    }

    private static ArtifactChange change(String kind, JsonNode wanted, JsonNode existing) {
        String name = wanted.path("name").asText();
        String targetStatus = wanted.path("status").asText(null);
        if (existing == null) {
            return new ArtifactChange(kind, name, "create", null, targetStatus == null ? "Bound" : targetStatus,
                    List.of());
        }
        List<FieldChange> fields = new ArrayList<>();
        compare("", wanted, existing, fields);
        String before = existing.path("status").asText();
        return new ArtifactChange(kind, name, fields.isEmpty() ? "unchanged" : "reconfigure", before,
                targetStatus == null ? before : targetStatus, fields);
    }

    private static void compare(String prefix, JsonNode wanted, JsonNode existing, List<FieldChange> changes) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = wanted.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (prefix.isEmpty() && NOT_COMPARED.contains(field.getKey())) {
                continue;
            }
            String path = prefix + field.getKey();
            JsonNode after = field.getValue();
            JsonNode before = existing.path(field.getKey());
            if (after.isObject() && before.isObject()) {
                compare(path + ".", after, before, changes);
            } else if (after.isTextual() && after.asText().equals(SECRET) && !before.isMissingNode()) {
                continue;
            } else if (!same(after, before)) {
                changes.add(new FieldChange(path, before.isMissingNode() ? null : before, after));
            }
        }
    }

    private static boolean same(JsonNode after, JsonNode before) {
        if (after.isNull()) {
            return before.isMissingNode() || before.isNull();
        }
        if (after.isNumber() && before.isNumber()) {
            return after.decimalValue().compareTo(before.decimalValue()) == 0;
        }
        return after.equals(before);
    }

    /** A group's members as names (a document may list {@code {name, status}} objects). */
    private static JsonNode normalizedGroup(JsonNode group) {
        ObjectNode copy = group.deepCopy();
        if (copy.path("sendPorts").isArray()) {
            var names = copy.putArray("sendPorts");
            group.path("sendPorts").forEach(member -> names.add(member.isObject()
                    ? member.path("name").asText() : member.asText()));
        }
        return copy;
    }

    private static Map<String, JsonNode> byName(JsonNode artifacts) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        if (artifacts != null) {
            artifacts.forEach(artifact -> byName.put(artifact.path("name").asText(), artifact));
        }
        return byName;
    }
}
