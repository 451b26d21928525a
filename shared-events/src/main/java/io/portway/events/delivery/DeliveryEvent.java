package io.portway.events.delivery;

import io.portway.events.EventTypes;

import java.time.Instant;
import java.util.Map;

/**
 * An outcome of a service instance of the delivery service, published on {@code portway.delivery-events}
 * (key = {@link #instanceId()}, so one instance's outcomes stay in order). The simple class name is the
 * CloudEvents type without the {@code portway.} prefix.
 */
public sealed interface DeliveryEvent permits ServiceInstanceDelivered, ServiceInstanceSuspended,
        ServiceInstanceResumed, ServiceInstanceTerminated, FailedMessage {

    /** The service instance this outcome belongs to. */
    String instanceId();

    /** The message the instance delivers. */
    String messageId();

    /** The send port the instance delivers through. */
    String sendPort();

    /** When the outcome happened. */
    Instant occurredAt();

    /** The event's type name, e.g. {@code ServiceInstanceDelivered}. */
    default String type() {
        return getClass().getSimpleName();
    }

    /** Every concrete delivery event class by its type name. */
    static Map<String, Class<? extends DeliveryEvent>> types() {
        return Types.BY_NAME;
    }

    final class Types {
        private static final Map<String, Class<? extends DeliveryEvent>> BY_NAME = EventTypes.byName(
                DeliveryEvent.class, DeliveryEvent.class);

        private Types() {
        }
    }
}
