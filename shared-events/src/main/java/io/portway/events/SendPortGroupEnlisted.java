package io.portway.events;

/** A send port group was enlisted: its subscription exists but is not active (status Stopped). */
public record SendPortGroupEnlisted(String name) implements SendPortGroupEvent {
}
