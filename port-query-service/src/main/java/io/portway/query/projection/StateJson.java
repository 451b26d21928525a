package io.portway.query.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.portway.messaging.PortwayJackson;

import java.nio.charset.StandardCharsets;

/**
 * The JSON of the stored states (the {@code state} columns of the read model and its history): one mapper for the
 * service, with a reused {@link ObjectWriter} and {@link ObjectReader} per state type.
 */
final class StateJson {

    private final ObjectMapper json = PortwayJackson.newObjectMapper();
    private final ObjectWriter portWriter = json.writerFor(SendPortState.class);
    private final ObjectWriter groupWriter = json.writerFor(SendPortGroupState.class);
    private final ObjectReader portReader = json.readerFor(SendPortState.class);
    private final ObjectReader groupReader = json.readerFor(SendPortGroupState.class);

    ObjectMapper mapper() {
        return json;
    }

    String write(ArtifactState state) {
        return new String(bytes(state), StandardCharsets.UTF_8);
    }

    byte[] bytes(ArtifactState state) {
        try {
            return writer(state).writeValueAsBytes(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the state of " + state.artifactId(), e);
        }
    }

    <T extends ArtifactState> T read(String text, Class<T> type) {
        try {
            return (type == SendPortState.class ? portReader : type == SendPortGroupState.class ? groupReader
                    : json.readerFor(type)).readValue(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a stored " + type.getSimpleName(), e);
        }
    }

    private ObjectWriter writer(ArtifactState state) {
        return state instanceof SendPortState ? portWriter : groupWriter;
    }
}
