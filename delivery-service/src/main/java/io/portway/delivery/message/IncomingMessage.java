package io.portway.delivery.message;

import java.util.Map;

/** A message to route, from REST, Kafka or a two-way port's response. */
public record IncomingMessage(String id, Map<String, String> context, byte[] body, String contentType) {

    public IncomingMessage {
        context = context == null ? Map.of() : Map.copyOf(context);
        body = body == null ? new byte[0] : body;
    }
}
