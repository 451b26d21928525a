package io.portway.delivery.routing;

import io.portway.events.ArtifactKind;

/**
 * A port or group started by an event the routing table applied, by {@code principal}: what {@link HeldAtStart}
 * releases held instances for.
 */
public record ArtifactStarted(ArtifactKind kind, String name, String principal) {
}
