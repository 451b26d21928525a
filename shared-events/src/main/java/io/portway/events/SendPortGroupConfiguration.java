package io.portway.events;

/** The properties of a send port group other than its name and members. */
public record SendPortGroupConfiguration(String description, String application, Filter filter) {
}
