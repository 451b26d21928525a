package io.portway.command.bindings;

import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.command.directory.ArtifactDirectory.Member;
import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Live artifacts in memory, for validating bindings without a database. */
class FakeExisting implements Existing {

    private final Map<String, Entry> byName = new LinkedHashMap<>();
    private final Map<String, List<String>> members = new LinkedHashMap<>();

    FakeExisting port(String name, String application, ArtifactStatus status) {
        return port(name, application, status, false, false);
    }

    FakeExisting port(String name, String application, ArtifactStatus status, boolean dynamic, boolean twoWay) {
        byName.put(name, new Entry("id-" + name, name, ArtifactKind.SendPort, status, application, dynamic, twoWay,
                3, "{}"));
        return this;
    }

    FakeExisting group(String name, String application, ArtifactStatus status, String... ports) {
        byName.put(name, new Entry("id-" + name, name, ArtifactKind.SendPortGroup, status, application, false, false,
                4, "{}"));
        members.put("id-" + name, List.of(ports));
        return this;
    }

    @Override
    public Optional<Entry> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public List<Member> membersOf(String groupId) {
        return members.getOrDefault(groupId, List.of()).stream().map(byName::get)
                .map(port -> new Member(port.artifactId(), port.name(), port.status(),
                        !port.dynamic() && !port.twoWay()))
                .toList();
    }

    @Override
    public List<Entry> groupsContaining(String portId) {
        List<Entry> groups = new ArrayList<>();
        members.forEach((groupId, ports) -> {
            if (ports.stream().anyMatch(port -> ("id-" + port).equals(portId))) {
                groups.add(byName.get(groupId.substring(3)));
            }
        });
        return groups;
    }

    @Override
    public List<Entry> inApplication(String application) {
        return byName.values().stream().filter(entry -> entry.application().equals(application)).toList();
    }
}
