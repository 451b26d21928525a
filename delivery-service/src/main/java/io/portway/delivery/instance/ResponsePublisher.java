package io.portway.delivery.instance;

import java.util.Map;

/** Publishes what a two-way port's destination answered as a new message, in the caller's transaction. */
public interface ResponsePublisher {

    /** {@code traceparent}: the trace of the delivery that got the response, continued by the new message. */
    void publishResponse(String messageId, Map<String, String> context, byte[] body, String contentType,
                         String traceparent);
}
