package io.portway.delivery.instance;

import io.portway.delivery.transport.Sent;
import io.portway.events.delivery.DeliveryEvent;
import io.portway.events.delivery.ServiceInstanceSuspended;

import java.time.Instant;
import java.util.List;

/**
 * Where one delivery attempt leaves a claimed (Active) instance: its next status, reason and due time, its
 * counters, the attempt-log entry, the events to publish, whether an ordered port stops behind it and a two-way
 * port's response to publish. Built only through the named factories below, one per arrow of the state machine
 * (docs/SERVICE-INSTANCES.md).
 */
record Transition(Claimed instance, InstanceStatus status, InstanceReason reason, Instant dueAt, Counters counters,
                  String lastError, Attempt attempt, List<DeliveryEvent> events, boolean stopsOrderedPort,
                  Sent response) {

    /** How often the instance was attempted in all, on which transport, and how often on that one. */
    record Counters(int attempts, String transport, int transportAttempts) {

        static Counters of(Claimed instance) {
            return new Counters(instance.attempts(), instance.transport(), instance.transportAttempts());
        }

        Counters attempted() {
            return new Counters(attempts + 1, transport, transportAttempts + 1);
        }
    }

    /** Outside the transport's service window: waits, unattempted, until it opens. */
    static Transition scheduled(Claimed instance, Instant opening) {
        return new Transition(instance, InstanceStatus.Scheduled, null, opening, Counters.of(instance), null, null,
                List.of(), false, null);
    }

    static Transition delivered(Claimed instance, Counters counters, Attempt attempt, DeliveryEvent event,
                                Sent response, Instant now) {
        return new Transition(instance, InstanceStatus.Completed, null, now, counters, null, attempt, List.of(event),
                false, response);
    }

    /** A failed attempt with retries left on the same transport. */
    static Transition retry(Claimed instance, Counters counters, String error, Attempt attempt, Instant dueAt) {
        return new Transition(instance, InstanceStatus.WaitingToRetry, InstanceReason.TRANSPORT_FAILED, dueAt,
                counters, error, attempt, List.of(), false, null);
    }

    /** The primary transport's retries are used up: the backup transport is next, at once. */
    static Transition toBackup(Claimed instance, Counters counters, String error, Attempt attempt, Instant now) {
        return new Transition(instance, InstanceStatus.ReadyToRun, InstanceReason.TRANSPORT_FAILED, now,
                new Counters(counters.attempts(), DeliveryAttempts.BACKUP, 0), error, attempt, List.of(), false, null);
    }

    /** The end of the road: suspended (resumable or not), maybe stopping an ordered port behind it. */
    static Transition suspended(Claimed instance, Counters counters, InstanceReason reason, boolean resumable,
                                String error, Attempt attempt, boolean stopsOrderedPort, Instant now) {
        return new Transition(instance, resumable ? InstanceStatus.Suspended : InstanceStatus.SuspendedNotResumable,
                reason, now, counters, error, attempt, List.of(new ServiceInstanceSuspended(instance.id().toString(),
                instance.messageId(), instance.sendPort(), reason.name(), resumable, error, now)),
                stopsOrderedPort, null);
    }

    /** The end of the road on a port that routes failed messages: terminated, with its events. */
    static Transition terminated(Claimed instance, Counters counters, InstanceReason reason, String error,
                                 Attempt attempt, List<DeliveryEvent> events, Instant now) {
        return new Transition(instance, InstanceStatus.Terminated, reason, now, counters, error, attempt, events,
                false, null);
    }

    /** Something unexpected (a bug, a value the database refuses): this instance ends, nothing else does. */
    static Transition internalError(Claimed instance, RuntimeException error, Instant now) {
        String message = error.getMessage() == null ? error.getClass().getName()
                : error.getClass().getSimpleName() + ": " + error.getMessage();
        return suspended(instance, Counters.of(instance), InstanceReason.INTERNAL_ERROR, false, message, null, false,
                now);
    }

    boolean retried() {
        return status == InstanceStatus.WaitingToRetry;
    }
}
