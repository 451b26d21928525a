package io.portway.delivery.routing;

import io.portway.delivery.DeliveryIT;
import io.portway.events.ArtifactStatus;
import io.portway.events.EventEnvelope;
import io.portway.events.PortwayEvent;
import io.portway.events.SendPortConfigured;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortEnlisted;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.events.SendPortGroupCreated;
import io.portway.events.SendPortGroupEnlisted;
import io.portway.events.SendPortGroupStarted;
import io.portway.events.SendPortStarted;
import io.portway.events.SendPortStopped;
import io.portway.messaging.SendPortEventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.portway.delivery.routing.RoutingTableTest.configuration;
import static io.portway.delivery.routing.RoutingTableTest.filter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The routing table applies a poll's events in one transaction: every event in order, each artifact read once, one
 * version and position update, and each start releases what the table as of it unblocks; a batch with an event that
 * cannot be applied keeps nothing and is applied one at a time up to that event. Same configuration as
 * {@code DeliveryServiceIT}, so the Spring context is shared. The records are handed to the projection directly, on
 * a partition the topic does not have, so that they form one batch whatever the consumer's timing.
 */
@DeliveryIT
class RoutingBatchIT {

    private static final int PARTITION = 997;

    @Autowired
    RoutingTableProjection projection;
    @Autowired
    RoutingTable table;
    @Autowired
    SendPortEventCodec codec;
    @Autowired
    JdbcTemplate jdbc;
    @Value("${portway.topics.send-port-events}")
    String topic;

    private long offset = 1_000_000 * (long) (Math.random() * 1000);

    @Test
    void aBatchAppliesEveryEventInOrder_withOneVersionStepPerChange_andReleasesOnEachStart() {
        String port = "batch-port-" + UUID.randomUUID();
        String group = "batch-group-" + UUID.randomUUID();
        String portId = UUID.randomUUID().toString();
        String groupId = UUID.randomUUID().toString();
        long versionBefore = storedVersion();
        List<EventEnvelope> batch = List.of(
                envelope(portId, 1, new SendPortCreated(port, false, false, configuration(filter("A", "==", "1")))),
                envelope(portId, 2, new SendPortEnlisted(port)),
                envelope(portId, 3, new SendPortStarted(port)),
                envelope(groupId, 1, new SendPortGroupCreated(group,
                        new SendPortGroupConfiguration("", "Default", filter("B", "==", "2")), List.of(port))),
                envelope(groupId, 2, new SendPortGroupEnlisted(group)),
                envelope(groupId, 3, new SendPortGroupStarted(group)),
                envelope(portId, 4, new SendPortStopped(port)),
                envelope(portId, 5, new SendPortConfigured(port, configuration(filter("A", "==", "9")))));

        projection.apply(records(batch), batch);

        assertThat(table.port(port).status()).isEqualTo(ArtifactStatus.Stopped);
        assertThat(table.port(port).configuration().filter()).isEqualTo(filter("A", "==", "9"));
        assertThat(table.group(group).status()).isEqualTo(ArtifactStatus.Started);
        assertThat(table.group(group).members()).containsExactly(port);
        assertThat(jdbc.queryForObject("select status from delivery.send_port where name = ?", String.class, port))
                .isEqualTo("Stopped");
        assertThat(storedVersion() - versionBefore).as("one version step per applied event").isEqualTo(8);

        projection.apply(records(batch.subList(0, 2)), batch.subList(0, 2));
        assertThat(table.port(port).status()).as("duplicates change nothing").isEqualTo(ArtifactStatus.Stopped);
        assertThat(storedVersion() - versionBefore).isEqualTo(8);
    }

    /**
     * Forces, inside one batch, the order that only a release seeing the table as of its start gets right: the
     * port starts while the group is stopped (the instance now waits for the group), the group starts while the port
     * is started (released), then the port stops again. Judged by the table at the batch's end, the group's start
     * would find the port stopped and keep the instance held.
     */
    @Test
    void startsInOneBatch_releaseWhatTheTableAsOfEachStartUnblocks() {
        String port = "held-port-" + UUID.randomUUID();
        String group = "held-group-" + UUID.randomUUID();
        String portId = UUID.randomUUID().toString();
        String groupId = UUID.randomUUID().toString();
        List<EventEnvelope> setup = List.of(
                envelope(portId, 1, new SendPortCreated(port, false, false, configuration(filter("A", "==", "1")))),
                envelope(portId, 2, new SendPortEnlisted(port)),
                envelope(groupId, 1, new SendPortGroupCreated(group,
                        new SendPortGroupConfiguration("", "Default", filter("B", "==", "2")), List.of(port))),
                envelope(groupId, 2, new SendPortGroupEnlisted(group)));
        projection.apply(records(setup), setup);
        UUID held = heldInstance(port, "group:" + group);
        UUID direct = heldInstance(port, "filter");

        List<EventEnvelope> starts = List.of(
                envelope(portId, 3, new SendPortStarted(port)),
                envelope(groupId, 3, new SendPortGroupStarted(group)),
                envelope(portId, 4, new SendPortStopped(port)));
        projection.apply(records(starts), starts);

        // released: ReadyToRun, or already claimed by a worker (the doorbell rang after the commit)
        assertThat(instanceStatus(held)).as("released by the group's start").doesNotStartWith("Suspended");
        assertThat(instanceStatus(direct)).as("released by the port's start").doesNotStartWith("Suspended");
        assertThat(table.port(port).status()).isEqualTo(ArtifactStatus.Stopped);
    }

    @Test
    void aBatchWithAGap_keepsNothingOfIt_thenAppliesOneAtATimeUpToTheGap() {
        String port = "gap-port-" + UUID.randomUUID();
        String portId = UUID.randomUUID().toString();
        List<EventEnvelope> batch = List.of(
                envelope(portId, 1, new SendPortCreated(port, false, false, configuration(filter("A", "==", "1")))),
                envelope(portId, 2, new SendPortEnlisted(port)),
                envelope(portId, 4, new SendPortStopped(port)));
        List<ConsumerRecord<String, byte[]>> records = records(batch);

        assertThatThrownBy(() -> projection.apply(records, batch))
                .isInstanceOf(RoutingTableProjection.GapException.class);
        assertThat(table.port(port)).as("the whole transaction rolled back").isNull();
        assertThat(jdbc.queryForList("select name from delivery.send_port where name = ?", String.class, port))
                .isEmpty();

        assertThatThrownBy(() -> projection.on(records))
                .isInstanceOfSatisfying(BatchListenerFailedException.class,
                        failed -> assertThat(failed.getIndex()).isEqualTo(2));
        assertThat(table.port(port).status()).as("the events before the gap applied").isEqualTo(ArtifactStatus.Stopped);

        List<EventEnvelope> rest = List.of(envelope(portId, 3, new SendPortStarted(port)), batch.get(2));
        projection.apply(records(rest), rest);
        assertThat(table.port(port).status()).as("the gap closed, the rest applies").isEqualTo(ArtifactStatus.Stopped);
        assertThat(jdbc.queryForObject("select last_sequence from delivery.event_sequence where artifact_id = ?",
                Long.class, portId)).isEqualTo(4);
    }

    /** A message held at the port (reached directly, or through a group: {@code via}) since before its start. */
    private UUID heldInstance(String port, String via) {
        String messageId = "held-" + UUID.randomUUID();
        jdbc.update("insert into delivery.message (id, publish_seq, context, body, accepted_at, answer) "
                + "values (?, nextval('delivery.publish_sequence'), '{}', '\\x00', now(), '{}')", messageId);
        UUID id = UUID.randomUUID();
        jdbc.update("insert into delivery.service_instance (id, message_id, publish_seq, send_port, via, status, "
                + "reason, priority, ordered, due_at, accepted_at, created_at, updated_at) values (?, ?, "
                + "(select publish_seq from delivery.message where id = ?), ?, ?, 'Suspended', 'PORT_STOPPED', 5, "
                + "false, now(), now(), now(), now())", id, messageId, messageId, port, via);
        return id;
    }

    private String instanceStatus(UUID id) {
        return jdbc.queryForObject("select status || ' ' || coalesce(reason, 'null') from delivery.service_instance "
                + "where id = ?", String.class, id);
    }

    private long storedVersion() {
        return jdbc.queryForObject("select version from delivery.routing_version where id = 1", Long.class);
    }

    private static EventEnvelope envelope(String artifactId, long sequence, PortwayEvent event) {
        return new EventEnvelope(UUID.randomUUID().toString(), artifactId, sequence, sequence, Instant.now(),
                "admin", "test", event);
    }

    private List<ConsumerRecord<String, byte[]>> records(List<EventEnvelope> envelopes) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (EventEnvelope envelope : envelopes) {
            ProducerRecord<String, byte[]> record = codec.toRecord(topic, envelope);
            records.add(new ConsumerRecord<>(topic, PARTITION, offset++, System.currentTimeMillis(),
                    TimestampType.CREATE_TIME, -1, -1, record.key(), record.value(), record.headers(),
                    Optional.empty()));
        }
        return records;
    }
}
