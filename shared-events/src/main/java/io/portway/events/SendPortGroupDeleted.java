package io.portway.events;

/** A send port group was deleted; its members stay in place and its name is free again. */
public record SendPortGroupDeleted(String name) implements SendPortGroupEvent {
}
