package io.portway.command.bindings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.portway.command.artifact.CommandRefused;
import io.portway.command.artifact.ErrorCode;
import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.command.group.SendPortGroupRequest;
import io.portway.command.sendport.SendPortDefinition;
import io.portway.command.sendport.SendPortRequest;
import io.portway.command.sendport.SecretProperties;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.support.AddressRules;
import io.portway.messaging.TransportSecrets;
import io.portway.support.FieldError;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Validates a whole bindings document against the live artifacts before anything is applied (docs/RULES.md §6), and
 * turns it into an {@link ImportPlan}: {@link BindingsParsing} reads the JSON, this class checks each artifact with
 * the rules of its create endpoint, {@link MembershipCheck} and {@link LifecycleCheck} check what spans artifacts,
 * and {@link ImportPlanning} plans. Every problem is collected: the shape and rules of each port and group (the
 * same checks as their create endpoints), names (duplicates in the document, names of another application or of
 * the other kind), members, fixed properties, and the lifecycle rules the status changes would meet. If there is
 * any, nothing is planned: {@link #plan} throws one refusal listing them all.
 */
final class BindingsValidation {

    private final String application;
    private final Existing existing;
    private final AddressRules rules;
    private final TransportSecrets secrets;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final List<PortItem> ports = new ArrayList<>();
    private final List<GroupItem> groups = new ArrayList<>();
    private Map<String, Set<String>> overridden = Map.of();

    private BindingsValidation(String application, Existing existing, AddressRules rules,
            TransportSecrets secrets) {
        this.application = application;
        this.existing = existing;
        this.rules = rules;
        this.secrets = secrets;
    }

    /** The plan of a valid document, or a refusal (400, or 409 when every problem is a conflict) naming them all. */
    static ImportPlan plan(String application, BindingsDocument document, Existing existing, AddressRules rules,
            TransportSecrets secrets) {
        return new BindingsValidation(application, existing, rules, secrets).validate(document);
    }

    /** {@link #plan(String, BindingsDocument, Existing, AddressRules, TransportSecrets)} where no key seals secrets. */
    static ImportPlan plan(String application, BindingsDocument document, Existing existing, AddressRules rules) {
        return plan(application, document, existing, rules, TransportSecrets.withoutKey());
    }

    private ImportPlan validate(BindingsDocument document) {
        if (document.application() != null && !document.application().equals(application)) {
            problems.add(Problem.invalid("application", "the document is for application '"
                    + document.application() + "' but is imported into '" + application
                    + "'; edit it (or import it under its own name)"));
        }
        List<ObjectNode> portNodes = BindingsParsing.objects(document.sendPorts(), "sendPorts", problems);
        List<ObjectNode> groupNodes = BindingsParsing.objects(document.sendPortGroups(), "sendPortGroups", problems);
        overridden = Overrides.apply(document.overrides(), BindingsParsing.byName(portNodes), BindingsParsing.byName(groupNodes), problems);
        for (int i = 0; i < portNodes.size(); i++) {
            if (portNodes.get(i) != null) {
                port("sendPorts[" + i + "]", portNodes.get(i));
            }
        }
        for (int i = 0; i < groupNodes.size(); i++) {
            if (groupNodes.get(i) != null) {
                group("sendPortGroups[" + i + "]", groupNodes.get(i));
            }
        }
        problems.addAll(MembershipCheck.problems(application, ports, groups, BindingsParsing.byName(portNodes).keySet(), existing));
        if (problems.isEmpty()) {
            problems.addAll(LifecycleCheck.problems(ports, groups, existing));
        }
        if (!problems.isEmpty()) {
            throw Problem.refusal(application, problems);
        }
        return ImportPlanning.plan(application, ports, groups, existing, names.keySet());
    }

    private void port(String field, ObjectNode node) {
        String name = node.path("name").isTextual() ? node.get("name").asText() : null;
        ArtifactStatus target = status(node, field, name);
        node.remove(List.of("version", "groups"));
        ownApplication(node, field);
        Entry entry = name == null ? null : identity(name, ArtifactKind.SendPort, field);
        SendPortRequest request = read(node, SendPortRequest.class, field, name);
        if (request == null) {
            return;
        }
        SendPortDefinition definition = orProblems(field, name, () -> SendPortDefinition.of(request, rules));
        if (definition == null) {
            return;
        }
        if (entry != null) {
            fixed(field, "dynamic", name, entry.dynamic(), definition.dynamic());
            fixed(field, "twoWay", name, entry.twoWay(), definition.twoWay());
        }
        SecretProperties.problems(definition.configuration(),
                        entry == null ? null : BindingsParsing.stored(entry), secrets)
                .forEach(error -> add(field, name, error));
        ports.add(new PortItem(field, name, definition, target, entry));
    }

    private void group(String field, ObjectNode node) {
        String name = node.path("name").isTextual() ? node.get("name").asText() : null;
        ArtifactStatus target = status(node, field, name);
        node.remove("version");
        if (node.get("sendPorts") instanceof ArrayNode members) {
            for (int i = 0; i < members.size(); i++) {
                if (members.get(i).isObject() && members.get(i).path("name").isTextual()) {
                    members.set(i, TextNode.valueOf(members.get(i).get("name").asText()));
                }
            }
        }
        ownApplication(node, field);
        Entry entry = name == null ? null : identity(name, ArtifactKind.SendPortGroup, field);
        SendPortGroupRequest request = read(node, SendPortGroupRequest.class, field, name);
        if (request == null) {
            return;
        }
        SendPortGroupConfiguration configuration = orProblems(field, name, () -> request.configuration(true));
        if (configuration == null) {
            return;
        }
        groups.add(new GroupItem(field, name, configuration,
                request.sendPorts() == null ? List.of() : request.sendPorts(), target, entry));
    }

    /** The value, or null when making it was refused: then the refusal's field errors are the item's problems. */
    private <T> T orProblems(String field, String name, Supplier<T> value) {
        try {
            return value.get();
        } catch (CommandRefused refused) {
            refused.errors().forEach(error -> add(field, name, error));
            return null;
        }
    }

    /** Takes the artifact's {@code status} out of its node: the status the import brings it to. */
    private ArtifactStatus status(ObjectNode node, String field, String name) {
        JsonNode value = node.remove("status");
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            for (ArtifactStatus status : ArtifactStatus.values()) {
                if (status.name().equals(value.asText())) {
                    return status;
                }
            }
        }
        add(field, name, new FieldError("status", "is " + value + ", not one of Bound, Stopped, Started"));
        return null;
    }

    /** An artifact belongs to the application it is imported into; absent {@code application} means that one. */
    private void ownApplication(ObjectNode node, String field) {
        JsonNode value = node.get("application");
        if (value != null && !value.isNull() && !(value.isTextual() && value.asText().equals(application))) {
            problems.add(Problem.invalid(field + ".application", "is " + value + ", but the document is imported"
                    + " into application '" + application + "', which owns every artifact of the document"));
        }
        node.put("application", application);
    }

    /** Registers the name; answers the live artifact of that name when the document may reconfigure it. */
    private Entry identity(String name, ArtifactKind kind, String field) {
        String first = names.putIfAbsent(name, field);
        if (first != null) {
            problems.add(Problem.invalid(field + ".name", "'" + name + "' is also the name of " + first
                    + ", and names are unique among send ports and send port groups"));
            return null;
        }
        Entry entry = existing.byName(name).orElse(null);
        if (entry == null) {
            return null;
        }
        if (entry.kind() != kind) {
            problems.add(new Problem(field + ".name", ErrorCode.NAME_TAKEN, "'" + name + "' is the name of a live "
                    + describe(entry.kind()) + " of application '" + entry.application()
                    + "', and names are unique among send ports and send port groups"));
            return null;
        }
        if (!entry.application().equals(application)) {
            problems.add(new Problem(field + ".name", ErrorCode.NAME_TAKEN, "'" + name + "' is a "
                    + describe(kind) + " of application '" + entry.application() + "', not of '" + application
                    + "', and an import cannot take over another application's artifact"));
            return null;
        }
        return entry;
    }

    private void fixed(String field, String property, String name, boolean now, boolean wanted) {
        if (now != wanted) {
            problems.add(new Problem(field + "." + property, ErrorCode.IMMUTABLE_PROPERTY, "is " + wanted
                    + ", but send port '" + name + "' has " + property + " " + now + ", and dynamic and twoWay are"
                    + " fixed at creation"));
        }
    }

    /** The node as a request, or null after recording why it cannot be one. */
    private <T> T read(ObjectNode node, Class<T> type, String field, String name) {
        BindingsParsing.Read<T> read = BindingsParsing.read(node, type);
        if (read.error() != null) {
            add(field, name, read.error());
        }
        return read.value();
    }

    /** Records a problem of one artifact, saying so when the offending value came from the overrides. */
    private void add(String field, String name, FieldError error) {
        String path = error.field();
        Set<String> paths = name == null ? Set.of() : overridden.getOrDefault(name, Set.of());
        boolean fromOverride = !path.isEmpty() && paths.stream().anyMatch(overriddenPath -> path.equals(overriddenPath)
                || path.startsWith(overriddenPath + ".") || overriddenPath.startsWith(path + "."));
        problems.add(new Problem(path.isEmpty() ? field : field + "." + path, ErrorCode.VALIDATION_FAILED,
                error.message() + (fromOverride ? " (the value comes from overrides." + name + ")" : ""),
                error.code()));
    }

    private static String describe(ArtifactKind kind) {
        return kind == ArtifactKind.SendPort ? "send port" : "send port group";
    }
}
