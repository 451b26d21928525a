package io.portway.events.delivery;

import java.time.Instant;
import java.util.Map;

/**
 * A delivery failed on a port with {@code routeFailedMessages}: instead of being suspended, the failure is
 * published with the message's context and the error report properties (BizTalk's {@code ErrorReport.*}).
 *
 * @param failureCode {@code TRANSPORT_FAILED}, {@code PIPELINE_FAILED}, …
 * @param address     the outbound address that failed, if any
 */
public record FailedMessage(
        String instanceId,
        String messageId,
        String sendPort,
        String failureCode,
        String description,
        String address,
        Map<String, String> context,
        Instant occurredAt) implements DeliveryEvent {

    public FailedMessage {
        context = context == null ? Map.of() : Map.copyOf(context);
    }
}
