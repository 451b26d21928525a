package io.portway.events;

/** A send port's configuration was replaced; {@code configuration} is the whole new configuration. */
public record SendPortConfigured(String name, SendPortConfiguration configuration) implements SendPortEvent {
}
