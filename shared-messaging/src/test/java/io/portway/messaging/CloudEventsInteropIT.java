package io.portway.messaging;

import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.portway.events.EventEnvelope;
import io.portway.events.SendPortStarted;
import io.portway.events.delivery.DeliveryEvent;
import io.portway.events.delivery.ServiceInstanceDelivered;
import io.portway.events.delivery.ServiceInstanceSuspended;
import io.portway.embedded.EmbeddedKafkaServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README says any CloudEvents consumer can read Portway's topics: here the CloudEvents SDK's own Kafka
 * deserializer reads records that the services' codecs produced, through a real broker, on both topics.
 */
class CloudEventsInteropIT {

    static final Instant TIME = Instant.parse("2026-11-27T10:15:30.123Z");

    static EmbeddedKafkaServer kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaServer.startTemporary();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void the_sdk_reads_a_send_port_event_with_every_attribute_and_extension() {
        EventEnvelope envelope = new EventEnvelope("e-1", "a-1", 3, 42, TIME, "admin", "corr-1",
                new SendPortStarted("Orders.Direct"));
        SendPortEventCodec codec = new SendPortEventCodec();

        produce(codec.toRecord(Topics.SEND_PORT_EVENTS, envelope));
        ConsumerRecord<String, CloudEvent> record = consume(Topics.SEND_PORT_EVENTS, 1).get(0);
        CloudEvent event = record.value();

        assertThat(record.key()).isEqualTo("Orders.Direct");
        assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
        assertThat(event.getId()).isEqualTo("e-1");
        assertThat(event.getSource()).isEqualTo(URI.create(SendPortEventCodec.SOURCE));
        assertThat(event.getType()).isEqualTo("portway.SendPortStarted");
        assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2026-11-27T10:15:30.123Z"));
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(event.getExtension("sequence")).hasToString("3");
        assertThat(event.getExtension("position")).hasToString("42");
        assertThat(event.getExtension("artifactid")).isEqualTo("a-1");
        assertThat(event.getExtension("artifactkind")).isEqualTo("SendPort");
        assertThat(event.getExtension("principal")).isEqualTo("admin");
        assertThat(event.getExtension("correlationid")).isEqualTo("corr-1");
        assertThat(codec.fromJson("SendPortStarted", event.getData().toBytes()))
                .isEqualTo(new SendPortStarted("Orders.Direct"));
    }

    @Test
    void the_sdk_reads_delivery_events_keyed_by_instance() {
        DeliveryEventCodec codec = new DeliveryEventCodec();
        List<DeliveryEvent> events = List.of(
                new ServiceInstanceDelivered("i-1", "m-1", "Orders.Direct", "PRIMARY", "file:///tmp/x", 1, TIME, TIME),
                new ServiceInstanceSuspended("i-2", "m-1", "Orders.Member", "PORT_STOPPED", true, null, TIME));
        events.forEach(event -> produce(codec.toRecord(Topics.DELIVERY_EVENTS, "d-" + event.instanceId(), event)));

        List<ConsumerRecord<String, CloudEvent>> records = consume(Topics.DELIVERY_EVENTS, 2);

        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("i-1", "i-2");
        for (ConsumerRecord<String, CloudEvent> record : records) {
            CloudEvent event = record.value();
            DeliveryEvent sent = events.stream().filter(e -> e.instanceId().equals(record.key())).findFirst()
                    .orElseThrow();
            assertThat(event.getSpecVersion()).isEqualTo(SpecVersion.V1);
            assertThat(event.getId()).isEqualTo("d-" + record.key());
            assertThat(event.getSource()).isEqualTo(URI.create(DeliveryEventCodec.SOURCE));
            assertThat(event.getType()).isEqualTo("portway." + sent.getClass().getSimpleName());
            assertThat(event.getSubject()).isEqualTo(record.key());
            assertThat(event.getTime()).isNotNull();
            assertThat(event.getDataContentType()).isEqualTo("application/json");
            assertThat(codec.fromJson(sent.getClass().getSimpleName(), event.getData().toBytes())).isEqualTo(sent);
        }
    }

    static void produce(ProducerRecord<String, byte[]> record) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<ConsumerRecord<String, CloudEvent>> consume(String topic, int count) {
        List<ConsumerRecord<String, CloudEvent>> records = new ArrayList<>();
        try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "cloudevents-sdk-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new CloudEventDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return records.size() >= count;
            });
        }
        return records;
    }
}
