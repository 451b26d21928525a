package io.portway.delivery.routing;

import io.portway.events.ArtifactKind;

/** A port or group that holds a subscription. */
public record Subscriber(ArtifactKind kind, String name) {

    public static Subscriber port(String name) {
        return new Subscriber(ArtifactKind.SendPort, name);
    }

    public static Subscriber group(String name) {
        return new Subscriber(ArtifactKind.SendPortGroup, name);
    }
}
