package io.portway.delivery.routing;

import io.portway.events.ArtifactStatus;
import io.portway.events.SendPortConfiguration;

/** A send port as the delivery service knows it: its fixed properties, status and current configuration. */
public record PortDefinition(String name, String artifactId, boolean dynamic, boolean twoWay, ArtifactStatus status,
                             SendPortConfiguration configuration) {

    public boolean enlisted() {
        return status != ArtifactStatus.Bound;
    }
}
