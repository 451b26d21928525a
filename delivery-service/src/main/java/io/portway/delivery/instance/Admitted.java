package io.portway.delivery.instance;

import io.portway.delivery.routing.Route;

import java.util.UUID;

/** A new service instance of a message at one port, with the status it starts in and why. */
public record Admitted(UUID id, Route route, InstanceStatus status, InstanceReason reason) {
}
