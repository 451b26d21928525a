package io.portway.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.events.delivery.DeliveryEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Maps a {@link DeliveryEvent} to and from its CloudEvent on {@link Topics#DELIVERY_EVENTS}: binary mode,
 * key = service instance id (one instance's outcomes stay in order), value = the event as JSON,
 * {@code ce_type} = {@code portway.<EventName>}, {@code ce_subject} = instance id, {@code ce_id} = the outcome's
 * id (the same on every redelivery, so consumers can deduplicate).
 */
public final class DeliveryEventCodec {

    public static final String SOURCE = "/portway/delivery-service";

    private final ObjectMapper objectMapper;

    public DeliveryEventCodec(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public DeliveryEventCodec() {
        this(PortwayJackson.newObjectMapper());
    }

    public ProducerRecord<String, byte[]> toRecord(String topic, String eventId, DeliveryEvent event) {
        return toRecord(topic, eventId, event.type(), event.instanceId(), event.occurredAt().toString(), toJson(event));
    }

    /** For relays that stored the JSON already (an outbox): the same record from its parts. */
    public ProducerRecord<String, byte[]> toRecord(String topic, String eventId, String type, String instanceId,
                                                   String time, byte[] json) {
        Headers headers = new RecordHeaders();
        SendPortEventCodec.put(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        SendPortEventCodec.put(headers, CloudEventHeaders.ID, eventId);
        SendPortEventCodec.put(headers, CloudEventHeaders.SOURCE, SOURCE);
        SendPortEventCodec.put(headers, CloudEventHeaders.TYPE, CloudEventHeaders.TYPE_PREFIX + type);
        SendPortEventCodec.put(headers, CloudEventHeaders.SUBJECT, instanceId);
        SendPortEventCodec.put(headers, CloudEventHeaders.TIME, time);
        SendPortEventCodec.put(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return new ProducerRecord<>(topic, null, instanceId, json, headers);
    }

    public DeliveryEvent fromRecord(ConsumerRecord<String, byte[]> record) {
        String type = SendPortEventCodec.required(record.headers(), CloudEventHeaders.TYPE);
        if (!type.startsWith(CloudEventHeaders.TYPE_PREFIX)) {
            throw new IllegalArgumentException("not a Portway event type: " + type);
        }
        return fromJson(type.substring(CloudEventHeaders.TYPE_PREFIX.length()), record.value());
    }

    public byte[] toJson(DeliveryEvent event) {
        try {
            return objectMapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + event.type(), e);
        }
    }

    public DeliveryEvent fromJson(String type, byte[] json) {
        Class<? extends DeliveryEvent> eventClass = DeliveryEvent.types().get(type);
        if (eventClass == null) {
            throw new IllegalArgumentException("unknown delivery event type: " + type);
        }
        try {
            return objectMapper.readValue(json, eventClass);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type, e);
        }
    }
}
