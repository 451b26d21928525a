package io.portway.delivery.instance;

import io.portway.delivery.routing.PortDefinition;
import io.portway.delivery.routing.RoutingTable;
import io.portway.delivery.transport.AddressNotAllowedException;
import io.portway.delivery.transport.Outbound;
import io.portway.delivery.transport.Sent;
import io.portway.delivery.transport.TransportException;
import io.portway.delivery.transport.Transports;
import io.portway.delivery.transport.XmlPipeline;
import io.portway.events.SendPipeline;
import io.portway.events.SendPortConfiguration;
import io.portway.events.ServiceWindow;
import io.portway.events.Transport;
import io.portway.events.TransportType;
import io.portway.events.delivery.DeliveryEvent;
import io.portway.events.delivery.FailedMessage;
import io.portway.events.delivery.ServiceInstanceDelivered;
import io.portway.events.delivery.ServiceInstanceTerminated;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One delivery attempt of a claimed instance and the outcome it decides, as a {@link Transition} (docs/RULES.md §4):
 * service window, send pipeline, primary transport with its retries, then the backup transport with its own, then
 * suspension — or a failed-message event when the port routes failed messages. Retries and windows become due
 * times; nothing waits here except the transport itself.
 */
@Component
class DeliveryAttempts {

    static final String PRIMARY = "PRIMARY";
    static final String BACKUP = "BACKUP";
    static final String OUTBOUND_ADDRESS = "Portway.OutboundAddress";
    static final String OUTBOUND_TRANSPORT_TYPE = "Portway.OutboundTransportType";

    private final RoutingTable routing;
    private final Transports transports;

    DeliveryAttempts(RoutingTable routing, Transports transports) {
        this.routing = routing;
        this.transports = transports;
    }

    private record Target(TransportType type, String address, Map<String, String> properties, int retryCount,
                          Duration retryInterval, ServiceWindow window) {
    }

    Transition deliver(Claimed instance, Instant now) {
        PortDefinition port = routing.port(instance.sendPort());
        if (port == null) {
            return failed(instance, null, InstanceReason.PORT_DELETED, "send port " + instance.sendPort() + " no longer exists",
                    false, now, null);
        }
        SendPortConfiguration configuration = port.configuration();
        boolean backup = BACKUP.equals(instance.transport());
        Target target;
        if (port.dynamic()) {
            target = dynamicTarget(instance, configuration.primaryTransport());
            if (target == null) {
                return failed(instance, configuration, InstanceReason.NO_ADDRESS, "the message names no usable "
                        + OUTBOUND_ADDRESS + " for dynamic port " + port.name(), false, now, null);
            }
        } else {
            Transport transport = backup ? configuration.backupTransport() : configuration.primaryTransport();
            if (transport == null) {
                return failed(instance, configuration, InstanceReason.NO_ADDRESS, "send port " + port.name() + " has no "
                        + instance.transport().toLowerCase(Locale.ROOT) + " transport", false, now, null);
            }
            target = new Target(transport.type(), transport.address(), transport.properties(),
                    transport.retryCount(), retryInterval(transport), transport.serviceWindow());
        }
        Instant opening = ServiceWindows.nextOpening(target.window(), now);
        if (opening != null) {
            return Transition.scheduled(instance, opening);
        }
        if (configuration.sendPipeline() == SendPipeline.XmlTransmit) {
            String problem = XmlPipeline.problem(instance.body());
            if (problem != null) {
                return failed(instance, configuration, InstanceReason.PIPELINE_FAILED, problem, false, now,
                        attempt(instance, now, target, "failed", problem));
            }
        }
        Outbound outbound = new Outbound(instance.id().toString(), instance.messageId(), instance.sendPort(),
                target.address(), target.properties(), instance.context(), instance.body(), instance.contentType());
        try {
            Sent sent = transports.send(target.type(), outbound);
            Transition.Counters counters = Transition.Counters.of(instance).attempted();
            return Transition.delivered(instance, counters,
                    new Attempt(counters.attempts(), now, instance.transport(), sent.destination(), "delivered", null),
                    new ServiceInstanceDelivered(instance.id().toString(), instance.messageId(), instance.sendPort(),
                            instance.transport(), sent.destination(), counters.attempts(), instance.acceptedAt(),
                            now),
                    port.twoWay() ? sent : null, now);
        } catch (AddressNotAllowedException e) {
            return failed(instance, configuration, InstanceReason.ADDRESS_NOT_ALLOWED, e.getMessage(), false, now,
                    attempt(instance, now, target, "failed", e.getMessage()));
        } catch (TransportException e) {
            return transportFailed(instance, port, target, e.getMessage(), now);
        }
    }

    private Transition transportFailed(Claimed instance, PortDefinition port, Target target, String error,
                                       Instant now) {
        Transition.Counters counters = Transition.Counters.of(instance).attempted();
        Attempt attempt = new Attempt(counters.attempts(), now, instance.transport(), target.address(), "failed",
                error);
        if (counters.transportAttempts() <= target.retryCount()) {
            return Transition.retry(instance, counters, error, attempt, now.plus(target.retryInterval()));
        }
        if (!BACKUP.equals(instance.transport()) && !port.dynamic()
                && port.configuration().backupTransport() != null) {
            return Transition.toBackup(instance, counters, error, attempt, now);
        }
        return failed(instance, counters, port.configuration(), InstanceReason.TRANSPORT_FAILED, error, true, now,
                attempt);
    }

    private Transition failed(Claimed instance, SendPortConfiguration configuration, InstanceReason reason,
                              String error, boolean resumable, Instant now, Attempt attempt) {
        Transition.Counters counters = Transition.Counters.of(instance);
        if (attempt != null) {
            counters = new Transition.Counters(attempt.number(), counters.transport(), counters.transportAttempts());
        }
        return failed(instance, counters, configuration, reason, error, resumable, now, attempt);
    }

    /** The end of the road for this instance: suspended, or routed as a failed message. */
    private Transition failed(Claimed instance, Transition.Counters counters, SendPortConfiguration configuration,
                              InstanceReason reason, String error, boolean resumable, Instant now, Attempt attempt) {
        String id = instance.id().toString();
        if (configuration != null && configuration.routeFailedMessages()) {
            List<DeliveryEvent> events = List.of(
                    new FailedMessage(id, instance.messageId(), instance.sendPort(), reason.name(), error,
                            attempt == null ? null : attempt.address(), instance.context(), now),
                    new ServiceInstanceTerminated(id, instance.messageId(), instance.sendPort(), reason.name(), null,
                            now));
            return Transition.terminated(instance, counters, reason, error, attempt, events, now);
        }
        boolean ordered = configuration != null && configuration.orderedDelivery() && instance.ordered();
        boolean stop = ordered && configuration.stopSendingOnFailure();
        return Transition.suspended(instance, counters, reason, resumable && (!ordered || stop), error, attempt, stop,
                now);
    }

    private Target dynamicTarget(Claimed instance, Transport transport) {
        String address = instance.context().get(OUTBOUND_ADDRESS);
        if (address == null || address.isBlank()) {
            return null;
        }
        String typeName = instance.context().get(OUTBOUND_TRANSPORT_TYPE);
        TransportType type;
        try {
            type = typeName != null && !typeName.isBlank() ? TransportType.valueOf(typeName.toUpperCase(Locale.ROOT))
                    : Transports.typeOf(address);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (type == null) {
            return null;
        }
        return transport == null
                ? new Target(type, address, Map.of(), Transport.DEFAULT_RETRY_COUNT, Transport.DEFAULT_RETRY_INTERVAL,
                        null)
                : new Target(type, address, transport.properties(), transport.retryCount(),
                        retryInterval(transport), transport.serviceWindow());
    }

    private static Attempt attempt(Claimed instance, Instant now, Target target, String outcome, String error) {
        return new Attempt(instance.attempts() + 1, now, instance.transport(), target.address(), outcome, error);
    }

    private static Duration retryInterval(Transport transport) {
        return transport.retryInterval() == null ? Transport.DEFAULT_RETRY_INTERVAL : transport.retryInterval();
    }
}
