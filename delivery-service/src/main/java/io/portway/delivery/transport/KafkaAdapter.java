package io.portway.delivery.transport;

import io.portway.events.TransportType;
import io.portway.support.AddressRules;
import io.portway.support.Traceparent;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code kafka://topic}: produces the body with key = message id and the context as {@code ctx_<property>}
 * headers (the same form as {@code portway.messages}), plus {@code portway_instance_id} and the message's
 * {@code traceparent}; delivered once the broker
 * acknowledged it. Never to Portway's own topics (docs/RULES.md §8). Its own producer gives up after
 * {@code portway.delivery.kafka-send-timeout} (default 5 s, below the lease), also while it waits for the metadata of
 * a topic that does not exist.
 */
@Component
class KafkaAdapter implements TransportAdapter, DisposableBean {

    private final AddressRules rules;
    private final Duration timeout;
    private final DefaultKafkaProducerFactory<String, byte[]> producers;
    private final KafkaTemplate<String, byte[]> kafka;

    KafkaAdapter(AddressRules rules, KafkaProperties kafkaProperties,
                 @Value("${portway.delivery.kafka-send-timeout:PT5S}") Duration timeout) {
        this.rules = rules;
        this.timeout = timeout;
        Map<String, Object> properties = kafkaProperties.buildProducerProperties(null);
        int millis = (int) timeout.toMillis();
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, millis - 100));
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "portway-kafka-transport");
        this.producers = new DefaultKafkaProducerFactory<>(properties, new StringSerializer(),
                new ByteArraySerializer());
        this.kafka = new KafkaTemplate<>(producers);
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
        String problem = rules.topicProblem(topic);
        if (problem != null) {
            throw new AddressNotAllowedException(problem);
        }
        ProducerRecord<String, byte[]> record;
        try {
            record = new ProducerRecord<>(topic, outbound.messageId(), outbound.body());
        } catch (IllegalArgumentException e) {
            throw new TransportException("not a Kafka topic: " + topic, e);
        }
        outbound.context().forEach((key, value) ->
                record.headers().add("ctx_" + key, value.getBytes(StandardCharsets.UTF_8)));
        record.headers().add("portway_instance_id", outbound.instanceId().getBytes(StandardCharsets.UTF_8));
        if (outbound.contentType() != null) {
            record.headers().add("content-type", outbound.contentType().getBytes(StandardCharsets.UTF_8));
        }
        String traceparent = Traceparent.current();
        if (traceparent != null) {
            record.headers().add(Traceparent.HEADER, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        try {
            kafka.send(record).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return new Sent(address, null, null);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new TransportException("Kafka did not accept the message for " + topic + " within "
                    + timeout.toMillis() + " ms: " + (e instanceof ExecutionException ? e.getCause() : e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while producing to " + topic, e);
        }
    }

    @Override
    public void destroy() {
        producers.destroy();
    }
}
