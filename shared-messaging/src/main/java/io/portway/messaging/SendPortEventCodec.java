package io.portway.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.events.EventEnvelope;
import io.portway.events.PortwayEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Maps an {@link EventEnvelope} to and from its CloudEvent on {@link Topics#SEND_PORT_EVENTS}: binary mode,
 * key = artifact name, value = the event as JSON, {@code ce_type} = {@code portway.<EventName>}.
 */
public final class SendPortEventCodec {

    public static final String SOURCE = "/portway/port-command-service";

    private final ObjectMapper objectMapper;

    public SendPortEventCodec(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public SendPortEventCodec() {
        this(PortwayJackson.newObjectMapper());
    }

    public ProducerRecord<String, byte[]> toRecord(String topic, EventEnvelope envelope) {
        Headers headers = new RecordHeaders();
        put(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        put(headers, CloudEventHeaders.ID, envelope.eventId());
        put(headers, CloudEventHeaders.SOURCE, SOURCE);
        put(headers, CloudEventHeaders.TYPE, CloudEventHeaders.TYPE_PREFIX + envelope.event().type());
        put(headers, CloudEventHeaders.SUBJECT, envelope.name());
        put(headers, CloudEventHeaders.TIME, envelope.occurredAt().toString());
        put(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        put(headers, CloudEventHeaders.SEQUENCE, Long.toString(envelope.sequence()));
        put(headers, CloudEventHeaders.POSITION, Long.toString(envelope.position()));
        put(headers, CloudEventHeaders.ARTIFACT_ID, envelope.artifactId());
        put(headers, CloudEventHeaders.ARTIFACT_KIND, envelope.kind().name());
        put(headers, CloudEventHeaders.PRINCIPAL, envelope.principal());
        put(headers, CloudEventHeaders.CORRELATION_ID, envelope.correlationId());
        return new ProducerRecord<>(topic, null, envelope.name(), toJson(envelope.event()), headers);
    }

    public EventEnvelope fromRecord(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        String type = required(headers, CloudEventHeaders.TYPE);
        if (!type.startsWith(CloudEventHeaders.TYPE_PREFIX)) {
            throw new IllegalArgumentException("not a Portway event type: " + type);
        }
        return new EventEnvelope(
                required(headers, CloudEventHeaders.ID),
                required(headers, CloudEventHeaders.ARTIFACT_ID),
                Long.parseLong(required(headers, CloudEventHeaders.SEQUENCE)),
                Long.parseLong(required(headers, CloudEventHeaders.POSITION)),
                Instant.parse(required(headers, CloudEventHeaders.TIME)),
                optional(headers, CloudEventHeaders.PRINCIPAL),
                optional(headers, CloudEventHeaders.CORRELATION_ID),
                fromJson(type.substring(CloudEventHeaders.TYPE_PREFIX.length()), record.value()));
    }

    public byte[] toJson(PortwayEvent event) {
        try {
            return objectMapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + event.type(), e);
        }
    }

    public PortwayEvent fromJson(String type, byte[] json) {
        Class<? extends PortwayEvent> eventClass = PortwayEvent.types().get(type);
        if (eventClass == null) {
            throw new IllegalArgumentException("unknown event type: " + type);
        }
        try {
            return objectMapper.readValue(json, eventClass);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type, e);
        }
    }

    static void put(Headers headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    static String optional(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static String required(Headers headers, String key) {
        String value = optional(headers, key);
        if (value == null) {
            throw new IllegalArgumentException("missing header " + key);
        }
        return value;
    }
}
