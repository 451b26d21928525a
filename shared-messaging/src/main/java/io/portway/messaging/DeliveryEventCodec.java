package io.portway.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.events.delivery.DeliveryEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Maps a {@link DeliveryEvent} to and from its CloudEvent on {@link Topics#DELIVERY_EVENTS}: binary mode,
 * key = service instance id (one instance's outcomes stay in order), value = the event as JSON,
 * {@code ce_type} = {@code portway.<EventName>}, {@code ce_subject} = instance id, {@code ce_id} = the outcome's
 * id (the same on every redelivery, so consumers can deduplicate).
 */
public final class DeliveryEventCodec {

    public static final String SOURCE = "/portway/delivery-service";

    private final EventJson<DeliveryEvent> json;

    public DeliveryEventCodec(ObjectMapper objectMapper) {
        this.json = new EventJson<>(objectMapper, DeliveryEvent.types(), "delivery event");
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
        Headers headers = CloudEventHeaders.common(eventId, SOURCE, type, instanceId, time);
        return new ProducerRecord<>(topic, null, instanceId, json, headers);
    }

    public DeliveryEvent fromRecord(ConsumerRecord<String, byte[]> record) {
        return fromJson(CloudEventHeaders.portwayType(record.headers()), record.value());
    }

    public byte[] toJson(DeliveryEvent event) {
        return json.write(event, event.type());
    }

    public DeliveryEvent fromJson(String type, byte[] json) {
        return this.json.read(type, json);
    }
}
