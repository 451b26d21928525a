package io.portway.events;

/** A send port group was unenlisted: its subscription was removed (status Bound). */
public record SendPortGroupUnenlisted(String name) implements SendPortGroupEvent {
}
