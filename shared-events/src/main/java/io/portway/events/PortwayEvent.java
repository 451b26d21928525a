package io.portway.events;

import java.util.Map;

/**
 * A domain event of a send port or send port group. {@link #name()} is the artifact's name, which is also the
 * Kafka key. The event's type name (the simple class name) is its CloudEvents type without the {@code portway.}
 * prefix and the {@code type} of its history entries.
 */
public sealed interface PortwayEvent permits SendPortEvent, SendPortGroupEvent {

    /** The artifact this event belongs to. */
    String name();

    /** The kind of artifact that emitted this event. */
    default ArtifactKind kind() {
        return this instanceof SendPortEvent ? ArtifactKind.SendPort : ArtifactKind.SendPortGroup;
    }

    /** The event's type name, e.g. {@code SendPortStarted}. */
    default String type() {
        return getClass().getSimpleName();
    }

    /** Every concrete event class by its type name. */
    static Map<String, Class<? extends PortwayEvent>> types() {
        return Types.BY_NAME;
    }

    final class Types {
        private static final Map<String, Class<? extends PortwayEvent>> BY_NAME = EventTypes.byName(
                PortwayEvent.class, SendPortEvent.class, SendPortGroupEvent.class);

        private Types() {
        }
    }
}
