package io.portway.command.bindings;

import io.portway.command.directory.ArtifactDirectory;
import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.command.directory.ArtifactDirectory.Member;
import io.portway.events.ArtifactKind;

import java.util.List;
import java.util.Optional;

/** What a bindings import needs to know about the live artifacts; read from the {@link ArtifactDirectory}. */
interface Existing {

    /** The live port or group of that name (names are unique across both kinds). */
    Optional<Entry> byName(String name);

    List<Member> membersOf(String groupId);

    /** The groups (of any application) the port is a member of. */
    List<Entry> groupsContaining(String portId);

    List<Entry> inApplication(String application);

    static Existing of(ArtifactDirectory directory) {
        return new Existing() {
            @Override
            public Optional<Entry> byName(String name) {
                return directory.find(name, ArtifactKind.SendPort)
                        .or(() -> directory.find(name, ArtifactKind.SendPortGroup));
            }

            @Override
            public List<Member> membersOf(String groupId) {
                return directory.membersOf(groupId);
            }

            @Override
            public List<Entry> groupsContaining(String portId) {
                return directory.groupNamesOf(portId).stream()
                        .flatMap(name -> directory.find(name, ArtifactKind.SendPortGroup).stream()).toList();
            }

            @Override
            public List<Entry> inApplication(String application) {
                return directory.inApplication(application);
            }
        };
    }
}
