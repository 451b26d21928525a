package io.portway.events;

/** A send port was deleted; its name is free again. */
public record SendPortDeleted(String name) implements SendPortEvent {
}
