package io.portway.delivery.instance;

import java.util.Map;

/** Publishes what a two-way port's destination answered as a new message, in the caller's transaction. */
public interface ResponsePublisher {

    void publishResponse(String messageId, Map<String, String> context, byte[] body, String contentType);
}
