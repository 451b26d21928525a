package io.portway.delivery.transport;

import io.portway.events.TransportType;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code kafka://topic}: produces the body with key = message id and the context as {@code ctx_<property>}
 * headers (the same form as {@code portway.messages}), plus {@code portway_instance_id}; delivered once the broker
 * acknowledged it.
 */
@Component
class KafkaAdapter implements TransportAdapter {

    private final KafkaTemplate<String, byte[]> kafka;

    KafkaAdapter(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    @Override
    public TransportType type() {
        return TransportType.KAFKA;
    }

    @Override
    public Sent send(Outbound outbound) throws TransportException {
        String address = outbound.address();
        if (!address.startsWith("kafka://") || address.length() <= "kafka://".length()) {
            throw new TransportException("not a Kafka address: " + address);
        }
        String topic = address.substring("kafka://".length());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, outbound.messageId(), outbound.body());
        outbound.context().forEach((key, value) ->
                record.headers().add("ctx_" + key, value.getBytes(StandardCharsets.UTF_8)));
        record.headers().add("portway_instance_id", outbound.instanceId().getBytes(StandardCharsets.UTF_8));
        if (outbound.contentType() != null) {
            record.headers().add("content-type", outbound.contentType().getBytes(StandardCharsets.UTF_8));
        }
        try {
            kafka.send(record).get(10, TimeUnit.SECONDS);
            return new Sent(address, null, null);
        } catch (ExecutionException | TimeoutException e) {
            throw new TransportException("Kafka did not accept the message for " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while producing to " + topic, e);
        }
    }
}
