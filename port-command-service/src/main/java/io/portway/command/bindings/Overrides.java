package io.portway.command.bindings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies {@code "overrides": {"<artifact name>": {"<field path>": <value>}}} to the artifacts of a bindings document
 * before it is validated: the per-environment values (addresses above all) of BizTalk's binding files. A path names
 * a configuration field of a port or group, dotted into transports ({@code primaryTransport.address},
 * {@code backupTransport.properties.<key>}); the identity ({@code name}, {@code application}, {@code dynamic},
 * {@code twoWay}) cannot be overridden.
 */
final class Overrides {

    private static final Set<String> TRANSPORT_FIELDS =
            Set.of("type", "address", "properties", "retryCount", "retryInterval", "serviceWindow");
    private static final Set<String> WINDOW_FIELDS = Set.of("from", "to", "zone");
    private static final Set<String> TRACKING_FIELDS = Set.of("messageBodies", "properties");
    private static final Set<String> PORT_FIELDS = Set.of("description", "primaryTransport", "backupTransport",
            "sendPipeline", "filter", "priority", "orderedDelivery", "stopSendingOnFailure", "routeFailedMessages",
            "tracking", "status");
    private static final Set<String> GROUP_FIELDS = Set.of("description", "filter", "sendPorts", "status");
    private static final Set<String> IDENTITY = Set.of("name", "application", "dynamic", "twoWay");

    private Overrides() {
    }

    /**
     * Sets each override in the artifact of that name (ports and groups of the document, by name), recording a
     * problem for an artifact that is not in the document or a path that names no overridable field.
     *
     * @return per artifact name, the paths that were overridden
     */
    static Map<String, Set<String>> apply(Map<String, Map<String, JsonNode>> overrides,
            Map<String, ObjectNode> ports, Map<String, ObjectNode> groups, List<Problem> problems) {
        Map<String, Set<String>> applied = new LinkedHashMap<>();
        if (overrides == null) {
            return applied;
        }
        overrides.forEach((artifact, values) -> {
            String field = "overrides." + artifact;
            boolean port = ports.containsKey(artifact);
            ObjectNode target = port ? ports.get(artifact) : groups.get(artifact);
            if (target == null) {
                problems.add(Problem.invalid(field, "no send port or send port group named '" + artifact
                        + "' in the document; overrides apply only to the document's artifacts"));
                return;
            }
            if (values == null) {
                return;
            }
            values.forEach((path, value) -> {
                String problem = pathProblem(path, port);
                if (problem != null) {
                    problems.add(Problem.invalid(field + "." + path, problem));
                } else if (!set(target, path, value == null ? NullNode.getInstance() : value)) {
                    problems.add(Problem.invalid(field + "." + path, "cannot be set: a field on its way is not"
                            + " a JSON object in the document"));
                } else {
                    applied.computeIfAbsent(artifact, name -> new LinkedHashSet<>()).add(path);
                }
            });
        });
        return applied;
    }

    /** Null when the path names a field overrides may set, else why not. */
    static String pathProblem(String path, boolean port) {
        String[] parts = path.split("\\.", -1);
        if (IDENTITY.contains(parts[0])) {
            return "cannot be overridden: name, application, dynamic and twoWay identify the artifact";
        }
        boolean known;
        if (!port) {
            known = parts.length == 1 && GROUP_FIELDS.contains(parts[0]);
        } else if (parts[0].equals("primaryTransport") || parts[0].equals("backupTransport")) {
            known = parts.length == 1
                    || parts.length == 2 && TRANSPORT_FIELDS.contains(parts[1])
                    || parts.length >= 3 && parts[1].equals("properties")
                    && !path.substring(parts[0].length() + ".properties.".length()).isEmpty()
                    || parts.length == 3 && parts[1].equals("serviceWindow") && WINDOW_FIELDS.contains(parts[2]);
        } else if (parts[0].equals("tracking")) {
            known = parts.length == 1 || parts.length == 2 && TRACKING_FIELDS.contains(parts[1]);
        } else {
            known = parts.length == 1 && PORT_FIELDS.contains(parts[0]);
        }
        if (known) {
            return null;
        }
        return "unknown field path for a send port" + (port ? "" : " group") + "; overridable: " + (port
                ? "description, primaryTransport[.type|.address|.properties[.<key>]|.retryCount|.retryInterval"
                + "|.serviceWindow[.from|.to|.zone]], the same for backupTransport, sendPipeline, filter, priority,"
                + " orderedDelivery, stopSendingOnFailure, routeFailedMessages, tracking[.messageBodies|.properties],"
                + " status"
                : "description, filter, sendPorts, status");
    }

    /** Sets the value at the path, creating objects on the way; false when something on the way is not an object. */
    private static boolean set(ObjectNode artifact, String path, JsonNode value) {
        String[] parts = path.split("\\.", -1);
        int last = parts.length - 1;
        if (parts.length >= 3 && parts[1].equals("properties")) {
            parts = new String[] {parts[0], parts[1], path.substring(parts[0].length() + ".properties.".length())};
            last = 2;
        }
        ObjectNode node = artifact;
        for (int i = 0; i < last; i++) {
            JsonNode next = node.get(parts[i]);
            if (next == null || next.isNull()) {
                node = node.putObject(parts[i]);
            } else if (next instanceof ObjectNode object) {
                node = object;
            } else {
                return false;
            }
        }
        node.set(parts[last], value);
        return true;
    }
}
