package io.portway.delivery.routing;

import io.portway.delivery.DeliveryIT;
import io.portway.events.ArtifactKind;
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
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

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
 * version and position update, and the starts release in order; a batch with an event that cannot be applied keeps
 * nothing and is applied one at a time up to that event. Same configuration as {@code DeliveryServiceIT}, so the
 * Spring context is shared. The records are handed to the projection directly, on a partition the topic does not
 * have, so that they form one batch whatever the consumer's timing.
 */
@DeliveryIT
@RecordApplicationEvents
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
    @Autowired
    ApplicationEvents events;
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
        assertThat(events.stream(ArtifactStarted.class).filter(started -> started.name().equals(port)
                || started.name().equals(group)))
                .extracting(ArtifactStarted::kind).containsExactly(ArtifactKind.SendPort, ArtifactKind.SendPortGroup);

        projection.apply(records(batch.subList(0, 2)), batch.subList(0, 2));
        assertThat(table.port(port).status()).as("duplicates change nothing").isEqualTo(ArtifactStatus.Stopped);
        assertThat(storedVersion() - versionBefore).isEqualTo(8);
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
