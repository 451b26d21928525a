package io.portway.events;

import java.time.Instant;

/**
 * An event with the facts every consumer needs about it, as carried in the CloudEvents attributes of
 * {@code portway.send-port-events}.
 *
 * @param eventId       unique id of the event (CloudEvents {@code id}); the same on every redelivery
 * @param artifactId    id of the artifact's incarnation (a name deleted and created again gets a new id)
 * @param sequence      the artifact's version after this event: 1 for its creation, then +1 per event
 * @param position      global position of the event in the event store; increases with every event
 * @param occurredAt    when the change happened
 * @param principal     who made the change
 * @param correlationId the request the change belongs to
 */
public record EventEnvelope(
        String eventId,
        String artifactId,
        long sequence,
        long position,
        Instant occurredAt,
        String principal,
        String correlationId,
        PortwayEvent event) {

    public String name() {
        return event.name();
    }

    public ArtifactKind kind() {
        return event.kind();
    }
}
