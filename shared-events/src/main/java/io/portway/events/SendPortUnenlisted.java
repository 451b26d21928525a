package io.portway.events;

/** A send port was unenlisted: its subscription was removed (status Bound). */
public record SendPortUnenlisted(String name) implements SendPortEvent {
}
