package io.portway.events;

/** The events of the {@code SendPort} aggregate. */
public sealed interface SendPortEvent extends PortwayEvent permits
        SendPortCreated, SendPortConfigured, SendPortEnlisted, SendPortStarted, SendPortStopped,
        SendPortUnenlisted, SendPortDeleted {
}
