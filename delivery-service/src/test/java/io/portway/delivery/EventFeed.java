package io.portway.delivery;

import io.portway.events.ArtifactStatus;
import io.portway.events.EventEnvelope;
import io.portway.events.Filter;
import io.portway.events.PortwayEvent;
import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortCreated;
import io.portway.events.SendPortEnlisted;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.events.SendPortGroupCreated;
import io.portway.events.SendPortGroupEnlisted;
import io.portway.events.SendPortGroupStarted;
import io.portway.events.SendPortGroupStopped;
import io.portway.events.SendPortStarted;
import io.portway.events.SendPortStopped;
import io.portway.messaging.SendPortEventCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays the command service: produces port and group events as CloudEvents with {@link SendPortEventCodec} to the
 * send-port-events topic, with per-artifact sequences exactly as the command service numbers them.
 */
public final class EventFeed implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final SendPortEventCodec codec = new SendPortEventCodec();
    private final String topic;
    private final Map<String, String> ids = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final AtomicLong position = new AtomicLong();

    public EventFeed(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    public void publish(PortwayEvent event) {
        String id = ids.computeIfAbsent(event.name(), name -> UUID.randomUUID().toString());
        long sequence = sequences.computeIfAbsent(event.name(), name -> new AtomicLong()).incrementAndGet();
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), id, sequence,
                position.incrementAndGet(), Instant.now(), "admin", "test", event);
        try {
            producer.send(codec.toRecord(topic, envelope)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates a static port and brings it to {@code status}. */
    public void port(String name, SendPortConfiguration configuration, ArtifactStatus status) {
        port(name, false, false, configuration, status);
    }

    public void port(String name, boolean dynamic, boolean twoWay, SendPortConfiguration configuration,
                     ArtifactStatus status) {
        publish(new SendPortCreated(name, dynamic, twoWay, configuration));
        if (status != ArtifactStatus.Bound) {
            publish(new SendPortEnlisted(name));
        }
        if (status == ArtifactStatus.Started) {
            publish(new SendPortStarted(name));
        }
    }

    public void group(String name, Filter filter, List<String> members, ArtifactStatus status) {
        publish(new SendPortGroupCreated(name, new SendPortGroupConfiguration("", "Default", filter), members));
        if (status != ArtifactStatus.Bound) {
            publish(new SendPortGroupEnlisted(name));
        }
        if (status == ArtifactStatus.Started) {
            publish(new SendPortGroupStarted(name));
        }
    }

    public void startPort(String name) {
        publish(new SendPortStarted(name));
    }

    public void stopPort(String name) {
        publish(new SendPortStopped(name));
    }

    public void startGroup(String name) {
        publish(new SendPortGroupStarted(name));
    }

    public void stopGroup(String name) {
        publish(new SendPortGroupStopped(name));
    }

    @Override
    public void close() {
        producer.close();
    }
}
