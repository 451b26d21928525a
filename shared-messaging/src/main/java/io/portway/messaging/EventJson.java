package io.portway.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The JSON of one family of events (the record value): written as is, read by the type its event name names. */
final class EventJson<E> {

    private final ObjectMapper objectMapper;
    private final Map<String, Class<? extends E>> types;
    private final String family;

    /** {@code family} names the events in the refusal of an unknown type ("event", "delivery event"). */
    EventJson(ObjectMapper objectMapper, Map<String, Class<? extends E>> types, String family) {
        this.objectMapper = objectMapper;
        this.types = types;
        this.family = family;
    }

    byte[] write(E event, String type) {
        try {
            return objectMapper.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize " + type, e);
        }
    }

    E read(String type, byte[] json) {
        Class<? extends E> eventClass = types.get(type);
        if (eventClass == null) {
            throw new IllegalArgumentException("unknown " + family + " type: " + type);
        }
        try {
            return objectMapper.readValue(json, eventClass);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type, e);
        }
    }
}
