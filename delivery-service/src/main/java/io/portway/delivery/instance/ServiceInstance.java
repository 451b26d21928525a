package io.portway.delivery.instance;

import io.portway.events.delivery.ServiceInstanceResumed;
import io.portway.events.delivery.ServiceInstanceSuspended;
import io.portway.events.delivery.ServiceInstanceTerminated;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A service instance as an operator's action sees it: locked, with the status that decides what it allows
 * (docs/SERVICE-INSTANCES.md). Each action checks the state machine and answers the event that records it; the
 * {@link ServiceInstanceRepository} writes the change in the same transaction.
 */
record ServiceInstance(UUID id, String messageId, String sendPort, InstanceStatus status, int resubmissions) {

    ServiceInstanceSuspended suspendByOperator(Instant now) {
        require(InstanceStatus.SUSPENDABLE, "suspended",
                "only ReadyToRun, Scheduled or WaitingToRetry instances can be suspended");
        return new ServiceInstanceSuspended(id.toString(), messageId, sendPort,
                InstanceReason.SUSPENDED_BY_OPERATOR.name(), true, null, now);
    }

    ServiceInstanceTerminated terminateByOperator(String principal, Instant now) {
        require(InstanceStatus.TERMINABLE, "terminated", status == InstanceStatus.Active
                ? "it is being delivered right now; try again" : "it has already finished");
        return new ServiceInstanceTerminated(id.toString(), messageId, sendPort,
                InstanceReason.TERMINATED_BY_OPERATOR.name(), principal, now);
    }

    /** A resume resubmits: this instance ends {@code RESUBMITTED} and a new one (id {@code next}) delivers. */
    Resubmission resume(UUID next, String principal, Instant now) {
        require(InstanceStatus.RESUMABLE, "resumed", "only a Suspended (resumable) instance can be resumed");
        return new Resubmission(this, next,
                new ServiceInstanceTerminated(id.toString(), messageId, sendPort, InstanceReason.RESUBMITTED.name(),
                        principal, now),
                new ServiceInstanceResumed(next.toString(), messageId, sendPort, id.toString(), resubmissions + 1,
                        principal, now));
    }

    record Resubmission(ServiceInstance from, UUID to, ServiceInstanceTerminated ended, ServiceInstanceResumed resumed) {
    }

    boolean allows(Set<InstanceStatus> statuses) {
        return statuses.contains(status);
    }

    private void require(Set<InstanceStatus> allowed, String action, String rule) {
        if (!allowed.contains(status)) {
            throw new InvalidInstanceStateException(id.toString(), status.name(), action, rule);
        }
    }
}
