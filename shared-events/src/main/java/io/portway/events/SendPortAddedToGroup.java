package io.portway.events;

/** A send port became the last member of the group {@code name}. */
public record SendPortAddedToGroup(String name, String sendPort) implements SendPortGroupEvent {
}
