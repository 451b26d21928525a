package io.portway.delivery.routing;

import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.Filter;

/** What the routing table holds of a send port or a send port group: what routing and explaining ask of both. */
public sealed interface ArtifactDefinition permits PortDefinition, GroupDefinition {

    ArtifactKind kind();

    String name();

    ArtifactStatus status();

    /** The subscription filter of its configuration. */
    Filter filter();

    /** A Bound port or group gets nothing (docs/RULES.md §4). */
    default boolean enlisted() {
        return status() != ArtifactStatus.Bound;
    }
}
