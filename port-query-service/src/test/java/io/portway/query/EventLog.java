package io.portway.query;

import io.portway.events.EventEnvelope;
import io.portway.events.Filter;
import io.portway.events.PortwayEvent;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.Tracking;
import io.portway.events.Transport;
import io.portway.events.TransportType;
import io.portway.messaging.SendPortEventCodec;
import io.portway.testsupport.PortwayTestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes events to the test context's topic exactly as the command service does (the shared codec), keeping
 * each artifact's id and sequence.
 */
final class EventLog implements AutoCloseable {

    private final String topic;
    private final SendPortEventCodec codec = new SendPortEventCodec();
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong position = new AtomicLong();

    EventLog(String topic) {
        this.topic = topic;
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PortwayTestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                PortwayTestInfrastructure.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1).configs(Map.of("retention.ms", "-1"))))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    static SendPortConfiguration configuration(String description, TransportType type, String application) {
        return new SendPortConfiguration(description, application, new Transport(type,
                type == TransportType.HTTP ? "http://localhost:9/in" : "file:///tmp/out/%MessageID%.xml", Map.of(),
                3, Duration.ofMinutes(5), null), null, SendPipeline.PassThruTransmit, Filter.EMPTY, 5, false, false,
                false, Tracking.NONE);
    }

    Artifact artifact() {
        return new Artifact(UUID.randomUUID().toString());
    }

    void send(EventEnvelope envelope) {
        try {
            producer.send(codec.toRecord(topic, envelope)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    void sendAsync(EventEnvelope envelope) {
        producer.send(codec.toRecord(topic, envelope));
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }

    /** One artifact incarnation: every {@link #next} gets the following sequence. */
    final class Artifact {
        final String id;
        private long sequence;

        Artifact(String id) {
            this.id = id;
        }

        EventEnvelope next(PortwayEvent event, Instant at) {
            sequence++;
            return envelope(sequence, event, at);
        }

        EventEnvelope envelope(long seq, PortwayEvent event, Instant at) {
            return new EventEnvelope(UUID.randomUUID().toString(), id, seq, position.incrementAndGet(), at, "admin",
                    "corr-" + id.substring(0, 8) + "-" + seq, event);
        }

        EventEnvelope publish(PortwayEvent event, Instant at) {
            EventEnvelope envelope = next(event, at);
            send(envelope);
            return envelope;
        }

        EventEnvelope publish(PortwayEvent event) {
            return publish(event, Instant.now());
        }

        long version() {
            return sequence;
        }
    }
}
