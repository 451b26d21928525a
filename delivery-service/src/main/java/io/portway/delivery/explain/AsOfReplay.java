package io.portway.delivery.explain;

import io.portway.delivery.routing.RoutingEvents;
import io.portway.delivery.routing.RoutingTable;
import io.portway.events.EventEnvelope;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The routing table as it was at an instant: the events of {@code portway.send-port-events} that occurred at or
 * before it (their own time, CloudEvents {@code time}, not the Kafka append time), applied in topic order to a
 * throw-away {@link RoutingTable} by {@link RoutingEvents}, the code the live projection stores. An event whose
 * artifact already got that sequence (a redelivered duplicate) is skipped, as the live projection skips it.
 */
final class AsOfReplay {

    private final Instant asOf;
    private final RoutingTable table = new RoutingTable();
    private final Map<String, Long> sequences = new HashMap<>();
    private long applied;

    AsOfReplay(Instant asOf) {
        this.asOf = asOf;
    }

    /** Offers the next event of its partition, in offset order. */
    void offer(EventEnvelope envelope) {
        if (envelope.occurredAt().isAfter(asOf)) {
            return;
        }
        Long last = sequences.get(envelope.artifactId());
        if (last != null && envelope.sequence() <= last) {
            return;
        }
        RoutingEvents.apply(table, envelope);
        sequences.put(envelope.artifactId(), envelope.sequence());
        applied++;
    }

    RoutingTable table() {
        return table;
    }

    /** How many events were applied: the value {@code delivery.routing_version} had after the same changes. */
    long applied() {
        return applied;
    }
}
