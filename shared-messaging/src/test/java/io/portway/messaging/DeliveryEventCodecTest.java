package io.portway.messaging;

import io.portway.events.delivery.DeliveryEvent;
import io.portway.events.delivery.FailedMessage;
import io.portway.events.delivery.ServiceInstanceDelivered;
import io.portway.events.delivery.ServiceInstanceResumed;
import io.portway.events.delivery.ServiceInstanceSuspended;
import io.portway.events.delivery.ServiceInstanceTerminated;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryEventCodecTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

    static Stream<DeliveryEvent> events() {
        return Stream.of(
                new ServiceInstanceDelivered("i1", "m1", "P1", "PRIMARY", "file:///tmp/x", 1, NOW, NOW),
                new ServiceInstanceSuspended("i1", "m1", "P1", "PORT_STOPPED", true, null, NOW),
                new ServiceInstanceResumed("i2", "m1", "P1", "i1", 1, "operator", NOW),
                new ServiceInstanceTerminated("i1", "m1", "P1", "TERMINATED_BY_OPERATOR", "operator", NOW),
                new FailedMessage("i1", "m1", "P1", "TRANSPORT_FAILED", "HTTP 503", "http://x",
                        Map.of("Orders.Country", "NL"), NOW));
    }

    @ParameterizedTest
    @MethodSource("events")
    void every_outcome_round_trips_as_a_binary_mode_cloud_event_keyed_by_instance(DeliveryEvent event) {
        DeliveryEventCodec codec = new DeliveryEventCodec();

        ProducerRecord<String, byte[]> produced = codec.toRecord("t", "e-1", event);
        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>("t", 0, 0, produced.key(), produced.value());
        produced.headers().forEach(header -> consumed.headers().add(header));

        assertThat(produced.key()).isEqualTo(event.instanceId());
        assertThat(new String(produced.headers().lastHeader(CloudEventHeaders.TYPE).value(), StandardCharsets.UTF_8))
                .isEqualTo("portway." + event.getClass().getSimpleName());
        assertThat(codec.fromRecord(consumed)).isEqualTo(event);
    }
}
