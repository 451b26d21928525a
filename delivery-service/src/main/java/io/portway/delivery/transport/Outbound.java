package io.portway.delivery.transport;

import java.util.Map;

/**
 * One message on its way to one destination.
 *
 * @param instanceId the service instance: the destination's idempotency key (same on every retry)
 * @param address    the transport address, macros not yet replaced
 */
public record Outbound(String instanceId, String messageId, String sendPort, String address,
                       Map<String, String> properties, Map<String, String> context, byte[] body, String contentType) {
}
