package io.portway.delivery.instance;

import io.portway.delivery.outbox.Outbox;
import io.portway.events.delivery.DeliveryEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The workers' side of the message box: claiming due instances in batches with {@code FOR UPDATE SKIP LOCKED}
 * (priority first, then due time; an ordered port only at its oldest pending instance), and recording outcomes
 * together with their outbox events. A claim makes an instance Active with a lease (its due time); if the worker
 * dies, the instance is claimed again when the lease expires — a retry of the same instance id.
 */
@Component
class WorkQueue {

    private final WorkQueueRepository instances;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final ResponsePublisher responses;

    WorkQueue(WorkQueueRepository instances, TransactionTemplate transactions, Outbox outbox,
              ResponsePublisher responses) {
        this.instances = instances;
        this.transactions = transactions;
        this.outbox = outbox;
        this.responses = responses;
    }

    /** Claims up to {@code limit} due instances, leased until {@code leaseUntil} (one statement). */
    List<Claimed> claim(int limit, Instant now, Instant leaseUntil) {
        return instances.claim(limit, now, leaseUntil);
    }

    void extendLease(Collection<UUID> ids, Instant leaseUntil) {
        instances.extendLease(ids, leaseUntil);
    }

    void giveBack(Collection<UUID> ids, Instant dueAt) {
        instances.giveBack(ids, dueAt);
    }

    /** Records outcomes with their events in one transaction; answers the outcomes that were applied. */
    List<Transition> record(List<Transition> transitions) {
        return transactions.execute(status -> {
            Instant now = Instant.now();
            List<Transition> applied = new ArrayList<>(transitions.size());
            List<Outbox.Entry> events = new ArrayList<>();
            boolean[] applies = instances.apply(transitions, now);
            for (int i = 0; i < transitions.size(); i++) {
                Transition transition = transitions.get(i);
                if (!applies[i]) {
                    continue;
                }
                applied.add(transition);
                String traceparent = transition.instance().traceparent();
                transition.events().forEach(event -> events.add(new Outbox.Entry(event, traceparent)));
                if (transition.stopsOrderedPort()) {
                    instances.suspendBehind(transition.instance(), now)
                            .forEach(event -> events.add(new Outbox.Entry(event, traceparent)));
                }
                if (transition.response() != null) {
                    Claimed instance = transition.instance();
                    Map<String, String> context = new HashMap<>();
                    context.put("Portway.ResponseTo", instance.messageId());
                    context.put("Portway.SendPortName", instance.sendPort());
                    responses.publishResponse(instance.id() + "-response", context,
                            transition.response().response() == null ? new byte[0] : transition.response().response(),
                            transition.response().responseContentType(), traceparent);
                }
            }
            outbox.addEntries(events);
            return applied;
        });
    }
}
