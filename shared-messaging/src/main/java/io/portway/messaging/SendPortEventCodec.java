package io.portway.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.events.EventEnvelope;
import io.portway.events.PortwayEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

import java.time.Instant;

import static io.portway.messaging.CloudEventHeaders.optional;
import static io.portway.messaging.CloudEventHeaders.put;
import static io.portway.messaging.CloudEventHeaders.required;

/**
 * Maps an {@link EventEnvelope} to and from its CloudEvent on {@link Topics#SEND_PORT_EVENTS}: binary mode,
 * key = artifact name, value = the event as JSON, {@code ce_type} = {@code portway.<EventName>}.
 */
public final class SendPortEventCodec {

    public static final String SOURCE = "/portway/port-command-service";

    private final EventJson<PortwayEvent> json;

    public SendPortEventCodec(ObjectMapper objectMapper) {
        this.json = new EventJson<>(objectMapper, PortwayEvent.types(), "event");
    }

    public SendPortEventCodec() {
        this(PortwayJackson.newObjectMapper());
    }

    public ProducerRecord<String, byte[]> toRecord(String topic, EventEnvelope envelope) {
        Headers headers = CloudEventHeaders.common(envelope.eventId(), SOURCE, envelope.event().type(),
                envelope.name(), envelope.occurredAt().toString());
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
        String type = CloudEventHeaders.portwayType(headers);
        return new EventEnvelope(
                required(headers, CloudEventHeaders.ID),
                required(headers, CloudEventHeaders.ARTIFACT_ID),
                Long.parseLong(required(headers, CloudEventHeaders.SEQUENCE)),
                Long.parseLong(required(headers, CloudEventHeaders.POSITION)),
                Instant.parse(required(headers, CloudEventHeaders.TIME)),
                optional(headers, CloudEventHeaders.PRINCIPAL),
                optional(headers, CloudEventHeaders.CORRELATION_ID),
                fromJson(type, record.value()));
    }

    public byte[] toJson(PortwayEvent event) {
        return json.write(event, event.type());
    }

    public PortwayEvent fromJson(String type, byte[] json) {
        return this.json.read(type, json);
    }
}
