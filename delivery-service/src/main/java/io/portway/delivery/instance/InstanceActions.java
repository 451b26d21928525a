package io.portway.delivery.instance;

import io.portway.delivery.outbox.Outbox;
import io.portway.support.PortwayException;
import io.portway.support.Uuids;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Operator actions (BizTalk §3.12). Resume resubmits a Suspended (resumable) instance as a new instance that
 * delivers even if the port is not started; the old one is Terminated with reason {@code RESUBMITTED} and points
 * to the new one, which counts its resubmissions and names where it came from. Suspend works on instances waiting
 * to run; terminate on anything not finished. An instance being delivered (Active) refuses both until its attempt
 * ends. Which status allows what is {@link ServiceInstance}'s rule.
 */
@Component
class InstanceActions {

    /** A bulk action changes at most this many instances per request. */
    static final int BULK_LIMIT = 10_000;

    private final ServiceInstanceRepository instances;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final Doorbell doorbell;
    private final InstanceQueries queries;

    InstanceActions(ServiceInstanceRepository instances, TransactionTemplate transactions, Outbox outbox,
                    Doorbell doorbell, InstanceQueries queries) {
        this.instances = instances;
        this.transactions = transactions;
        this.outbox = outbox;
        this.doorbell = doorbell;
        this.queries = queries;
    }

    ServiceInstanceView resume(UUID id, String principal) {
        UUID resumed = transactions.execute(tx -> resubmit(lock(id), principal));
        doorbell.ring();
        return queries.find(resumed).orElseThrow();
    }

    ServiceInstanceView suspend(UUID id, String principal) {
        transactions.executeWithoutResult(tx -> suspend(lock(id)));
        return queries.find(id).orElseThrow();
    }

    ServiceInstanceView terminate(UUID id, String principal) {
        transactions.executeWithoutResult(tx -> terminate(lock(id), principal));
        return queries.find(id).orElseThrow();
    }

    /** Bulk filter: every given field must hold. */
    record Selection(String sendPort, InstanceStatus status, String errorCode, Instant from, Instant to,
                     List<UUID> ids) {
    }

    record BulkResult(int matched, int changed, int refused) {
    }

    BulkResult resumeAll(Selection selection, String principal) {
        BulkResult result = bulk(selection, InstanceStatus.RESUMABLE, instance -> resubmit(instance, principal));
        doorbell.ring();
        return result;
    }

    BulkResult terminateAll(Selection selection, String principal) {
        return bulk(selection, InstanceStatus.TERMINABLE, instance -> terminate(instance, principal));
    }

    private BulkResult bulk(Selection selection, Set<InstanceStatus> allowed, Consumer<ServiceInstance> action) {
        return transactions.execute(tx -> {
            List<ServiceInstance> matched = instances.lock(selection, BULK_LIMIT);
            int changed = 0;
            for (ServiceInstance instance : matched) {
                if (instance.allows(allowed)) {
                    action.accept(instance);
                    changed++;
                }
            }
            return new BulkResult(matched.size(), changed, matched.size() - changed);
        });
    }

    private ServiceInstance lock(UUID id) {
        return instances.lock(id).orElseThrow(() -> new PortwayException(HttpStatus.NOT_FOUND, "NOT_FOUND",
                "no service instance with id " + id));
    }

    private UUID resubmit(ServiceInstance instance, String principal) {
        Instant now = Instant.now();
        ServiceInstance.Resubmission resubmission = instance.resume(Uuids.random(), principal, now);
        instances.resubmit(resubmission, now);
        outbox.addAll(List.of(resubmission.ended(), resubmission.resumed()));
        return resubmission.to();
    }

    private void suspend(ServiceInstance instance) {
        Instant now = Instant.now();
        outbox.add(instance.suspendByOperator(now));
        instances.suspend(instance.id(), InstanceReason.SUSPENDED_BY_OPERATOR, now);
    }

    private void terminate(ServiceInstance instance, String principal) {
        Instant now = Instant.now();
        outbox.add(instance.terminateByOperator(principal, now));
        instances.terminate(instance.id(), InstanceReason.TERMINATED_BY_OPERATOR, now);
    }
}
