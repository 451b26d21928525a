package io.portway.events;

/** A send port was enlisted: its subscription exists but is not active (status Stopped). */
public record SendPortEnlisted(String name) implements SendPortEvent {
}
