package io.portway.command.bindings;

import io.portway.command.application.ArtifactLifecycle;
import io.portway.command.bindings.ImportPlan.Action;
import io.portway.command.bindings.ImportPlan.Planned;
import io.portway.command.bindings.ImportPlan.Step;
import io.portway.command.bindings.ImportReport.NotInDocument;
import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.command.group.SendPortGroupCommands.ConfigureSendPortGroup;
import io.portway.command.group.SendPortGroupCommands.CreateSendPortGroup;
import io.portway.command.sendport.SendPortCommands.ConfigureSendPort;
import io.portway.command.sendport.SendPortCommands.CreateSendPort;
import io.portway.command.sendport.SendPortDefinition;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.Lifecycle;
import io.portway.support.Uuids;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.portway.command.application.ArtifactLifecycle.above;
import static io.portway.events.ArtifactStatus.Bound;

/**
 * The plan of a valid bindings document: create or configure every artifact, and move each along the lifecycle
 * table in an order the rules accept (groups that come down first, ports that come down, groups configured, ports
 * that go up, ports unenlisted, groups that go up).
 */
final class ImportPlanning {

    private ImportPlanning() {
    }

    /** The commands that bring the live artifacts to the document, in an order every rule accepts. */
    static ImportPlan plan(String application, List<PortItem> ports, List<GroupItem> groups, Existing existing,
            Set<String> names) {
        List<Step> steps = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        for (PortItem port : ports) {
            SendPortDefinition d = port.definition();
            if (port.existing() == null) {
                ids.put(port.name(), Uuids.random().toString());
                steps.add(new Step(ArtifactKind.SendPort, port.name(), Action.CREATE, new CreateSendPort(
                        ids.get(port.name()), d.name(), d.dynamic(), d.twoWay(), d.configuration())));
            } else {
                ids.put(port.name(), port.existing().artifactId());
                steps.add(new Step(ArtifactKind.SendPort, port.name(), Action.CONFIGURE, new ConfigureSendPort(
                        ids.get(port.name()), null, d.dynamic(), d.twoWay(), d.configuration())));
            }
        }
        for (GroupItem group : groups) {
            ids.put(group.name(), group.existing() == null ? Uuids.random().toString()
                    : group.existing().artifactId());
            if (above(group.now(), group.end())) {
                steps.add(move(ArtifactKind.SendPortGroup, group.name(), ids, group.now(), group.end()));
            }
        }
        for (PortItem port : ports) {
            if (port.afterStop() != port.now()) {
                steps.add(move(ArtifactKind.SendPort, port.name(), ids, port.now(), port.afterStop()));
            }
        }
        for (GroupItem group : groups) {
            String id = ids.get(group.name());
            steps.add(group.existing() == null
                    ? new Step(ArtifactKind.SendPortGroup, group.name(), Action.CREATE,
                    new CreateSendPortGroup(id, group.name(), group.configuration(), group.members()))
                    : new Step(ArtifactKind.SendPortGroup, group.name(), Action.CONFIGURE,
                    new ConfigureSendPortGroup(id, null, group.configuration(), group.members())));
        }
        for (PortItem port : ports) {
            if (above(port.end(), port.afterStop())) {
                steps.add(move(ArtifactKind.SendPort, port.name(), ids, port.afterStop(), port.end()));
            }
        }
        for (PortItem port : ports) {
            if (port.end() == Bound && port.afterStop() != Bound) {
                steps.add(move(ArtifactKind.SendPort, port.name(), ids, port.afterStop(), Bound));
            }
        }
        for (GroupItem group : groups) {
            if (above(group.end(), group.now())) {
                steps.add(move(ArtifactKind.SendPortGroup, group.name(), ids, group.now(), group.end()));
            }
        }
        List<Planned> artifacts = new ArrayList<>();
        ports.forEach(port -> artifacts.add(planned(ArtifactKind.SendPort, port.name(), port.existing())));
        groups.forEach(group -> artifacts.add(planned(ArtifactKind.SendPortGroup, group.name(), group.existing())));
        List<NotInDocument> left = existing.inApplication(application).stream()
                .filter(entry -> !names.contains(entry.name()))
                .map(entry -> new NotInDocument(entry.kind(), entry.name(), entry.status())).toList();
        return new ImportPlan(application, artifacts, steps, left);
    }

    private static Step move(ArtifactKind kind, String name, Map<String, String> ids, ArtifactStatus from,
            ArtifactStatus to) {
        Lifecycle action = Lifecycle.towards(from, to);
        return new Step(kind, name, Action.of(action), ArtifactLifecycle.command(kind, ids.get(name), action));
    }

    private static Planned planned(ArtifactKind kind, String name, Entry entry) {
        return new Planned(kind, name, entry == null ? null : entry.status(), entry == null ? 0 : entry.version());
    }
}
