package io.portway.delivery.outbox;

import io.portway.events.delivery.DeliveryEvent;
import io.portway.messaging.DeliveryEventCodec;
import io.portway.support.Traceparent;
import io.portway.support.Uuids;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

/**
 * Records outcome events in the {@code outbox} table, inside the caller's transaction, so an outcome and its
 * event are committed together; {@link OutboxRelay} publishes them to Kafka afterwards.
 */
@Component
public class Outbox {

    private final JdbcTemplate jdbc;
    private final DeliveryEventCodec codec;
    private final OutboxRelay relay;

    Outbox(JdbcTemplate jdbc, DeliveryEventCodec codec, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.relay = relay;
    }

    /** An event with the trace it belongs to (null: none), which its Kafka record carries. */
    public record Entry(DeliveryEvent event, String traceparent) {
    }

    /** Records an event of the current trace. */
    public void add(DeliveryEvent event) {
        addAll(List.of(event));
    }

    /** Records events of the current trace (the request's, the record's or the delivery's). */
    public void addAll(List<? extends DeliveryEvent> events) {
        String traceparent = Traceparent.current();
        addEntries(events.stream().map(event -> new Entry(event, traceparent)).toList());
    }

    /** Records events, each with its own trace (a worker records the outcomes of several messages together). */
    public void addEntries(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into delivery.outbox (event_id, type, instance_id, occurred_at, payload, "
                        + "traceparent) values (?, ?, ?, ?, ?, ?)", entries, 500,
                (statement, entry) -> {
                    DeliveryEvent event = entry.event();
                    statement.setObject(1, Uuids.random());
                    statement.setString(2, event.type());
                    statement.setString(3, event.instanceId());
                    statement.setTimestamp(4, Timestamp.from(event.occurredAt()));
                    statement.setBytes(5, codec.toJson(event));
                    statement.setString(6, Traceparent.valid(entry.traceparent()));
                });
        relay.wakeUp();
    }
}
