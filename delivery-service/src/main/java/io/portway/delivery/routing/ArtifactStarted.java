package io.portway.delivery.routing;

import io.portway.events.ArtifactKind;

/**
 * Published (synchronously, inside the routing-table transaction) when a port or group started, so the
 * service-instance side releases what it held there in the same transaction.
 */
public record ArtifactStarted(ArtifactKind kind, String name, String principal) {
}
