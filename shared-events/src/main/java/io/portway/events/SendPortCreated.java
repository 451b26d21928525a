package io.portway.events;

/** A send port was created, in status {@link ArtifactStatus#Bound}. */
public record SendPortCreated(String name, boolean dynamic, boolean twoWay, SendPortConfiguration configuration)
        implements SendPortEvent {
}
