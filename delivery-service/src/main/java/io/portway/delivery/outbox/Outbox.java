package io.portway.delivery.outbox;

import io.portway.events.delivery.DeliveryEvent;
import io.portway.messaging.DeliveryEventCodec;
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

    public void add(DeliveryEvent event) {
        addAll(List.of(event));
    }

    public void addAll(List<? extends DeliveryEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into delivery.outbox (event_id, type, instance_id, occurred_at, payload) "
                        + "values (?, ?, ?, ?, ?)", events, 500,
                (statement, event) -> {
                    statement.setObject(1, UUID.randomUUID());
                    statement.setString(2, event.type());
                    statement.setString(3, event.instanceId());
                    statement.setTimestamp(4, Timestamp.from(event.occurredAt()));
                    statement.setBytes(5, codec.toJson(event));
                });
        relay.wakeUp();
    }
}
