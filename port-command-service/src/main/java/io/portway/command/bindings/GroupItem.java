package io.portway.command.bindings;

import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.events.ArtifactStatus;
import io.portway.events.SendPortGroupConfiguration;

import java.util.List;

import static io.portway.events.ArtifactStatus.Bound;

/** A valid group of the document; {@code existing} is its live incarnation, null when it is new. */
record GroupItem(String field, String name, SendPortGroupConfiguration configuration, List<String> members,
                 ArtifactStatus target, Entry existing) {
    ArtifactStatus now() {
        return existing == null ? Bound : existing.status();
    }

    ArtifactStatus end() {
        return target == null ? now() : target;
    }
}
