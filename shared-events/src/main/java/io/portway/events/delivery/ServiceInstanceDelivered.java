package io.portway.events.delivery;

import java.time.Instant;

/**
 * The instance's message was delivered.
 *
 * @param transport {@code PRIMARY} or {@code BACKUP}
 * @param address   the destination actually used
 * @param attempts  attempts made in all, this one included
 */
public record ServiceInstanceDelivered(
        String instanceId,
        String messageId,
        String sendPort,
        String transport,
        String address,
        int attempts,
        Instant acceptedAt,
        Instant occurredAt) implements DeliveryEvent {
}
