package io.portway.command.artifact;

import io.portway.events.ArtifactStatus;

import java.util.function.Function;

/**
 * The events one kind of artifact records as it steps through the {@link io.portway.events.Lifecycle} table, each
 * made from the artifact's name, and the words that name the artifact in a refusal ("send port 'orders'").
 */
public record LifecycleEvents(String kind, Function<String, ?> enlisted, Function<String, ?> started,
                              Function<String, ?> stopped, Function<String, ?> unenlisted) {

    /** How a refusal names the artifact: {@code send port 'orders'}. */
    public String describe(String name) {
        return kind + " '" + name + "'";
    }

    /** The event of one step from {@code from} to {@code next}. */
    Object step(String name, ArtifactStatus from, ArtifactStatus next) {
        return switch (next) {
            case Stopped -> from == ArtifactStatus.Bound ? enlisted.apply(name) : stopped.apply(name);
            case Started -> started.apply(name);
            case Bound -> unenlisted.apply(name);
        };
    }
}
