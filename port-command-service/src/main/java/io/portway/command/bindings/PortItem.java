package io.portway.command.bindings;

import io.portway.command.directory.ArtifactDirectory.Entry;
import io.portway.events.ArtifactStatus;
import io.portway.command.sendport.SendPortDefinition;

import static io.portway.events.ArtifactStatus.Bound;
import static io.portway.events.ArtifactStatus.Started;
import static io.portway.events.ArtifactStatus.Stopped;

/** A valid port of the document; {@code existing} is its live incarnation, null when it is new. */
record PortItem(String field, String name, SendPortDefinition definition, ArtifactStatus target, Entry existing) {
    ArtifactStatus now() {
        return existing == null ? Bound : existing.status();
    }

    ArtifactStatus end() {
        return target == null ? now() : target;
    }

    /** Its status once the ports that come down have been stopped (plan step 3). */
    ArtifactStatus afterStop() {
        return now() == Started && end() != Started ? Stopped : now();
    }
}
