package io.portway.events;

/** A send port left the group {@code name}; the port itself is unchanged. */
public record SendPortRemovedFromGroup(String name, String sendPort) implements SendPortGroupEvent {
}
