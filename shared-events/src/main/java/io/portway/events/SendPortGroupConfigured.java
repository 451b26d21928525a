package io.portway.events;

/** A group's description, application or filter changed; membership changes are events of their own. */
public record SendPortGroupConfigured(String name, SendPortGroupConfiguration configuration)
        implements SendPortGroupEvent {
}
