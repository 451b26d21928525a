package io.portway.delivery.instance;

import io.opentelemetry.context.Scope;
import io.portway.delivery.DeliveryProperties;
import io.portway.support.DaemonThreads;
import io.portway.support.Traceparent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Worker threads: claim a batch of due instances, deliver each and record the outcomes within
 * {@link #RECORD_WITHIN} (so a crash repeats little). One instance's unexpected exception ends that instance
 * ({@code SuspendedNotResumable}, {@code INTERNAL_ERROR}), never its batch. A lease keeper extends the lease of
 * everything a worker holds while it lives, so a slow send is never claimed twice, and hands back what waits
 * behind a send that hangs. At most {@code workers - 1} workers send to one port at a time. Idle workers wait for
 * the {@link Doorbell} or the poll interval; no thread ever sleeps for a retry or a window.
 */
@Component
class DeliveryWorkers implements SmartLifecycle {

    /** Outcomes are recorded at the latest this long after the first of them is known. */
    static final Duration RECORD_WITHIN = Duration.ofMillis(20);
    /** How long a worker waits for a busy port before it hands the port's instances back. */
    private static final long PORT_WAIT_MILLIS = 50;
    /** When instances handed back because their port was busy are due again. */
    private static final Duration BUSY_PORT_BACKOFF = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);

    private final WorkQueue queue;
    private final DeliveryAttempts attempts;
    private final Doorbell doorbell;
    private final DeliveryMetrics metrics;
    private final DeliveryProperties properties;
    private final PortSlots slots;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Hand> hands = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    DeliveryWorkers(WorkQueue queue, DeliveryAttempts attempts, Doorbell doorbell, DeliveryMetrics metrics,
                    DeliveryProperties properties) {
        this.queue = queue;
        this.attempts = attempts;
        this.doorbell = doorbell;
        this.metrics = metrics;
        this.properties = properties;
        this.slots = new PortSlots(Math.max(1, properties.workers() - 1));
    }

    /**
     * Claims only when there may be something to claim: after a full batch (more may be due; another worker is rung
     * to help), after the doorbell (new instances, responses, handed-back instances) or after the poll interval
     * (retries and windows falling due, leases expiring, messages another instance accepted). After a partial batch
     * the worker waits for the doorbell instead of claiming again: everything committed meanwhile rang it, and a
     * claim that finds nothing is a round trip (measured: more than half of the claims under delivery_throughput
     * came back empty).
     */
    private void work(Hand hand) {
        boolean claimNow = true;
        while (running) {
            try {
                if (!claimNow) {
                    doorbell.await(properties.pollInterval().toMillis());
                }
                Instant now = Instant.now();
                int limit = properties.batchSize();
                List<Claimed> batch = queue.claim(limit, now, now.plus(properties.lease()));
                claimNow = batch.size() >= limit;
                if (batch.isEmpty()) {
                    continue;
                }
                if (claimNow) {
                    doorbell.ring();
                }
                hand.take(batch);
                deliver(hand);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("delivery worker failed, retrying in 1 s: {}", e.toString());
                try {
                    doorbell.await(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void deliver(Hand hand) throws InterruptedException {
        List<Transition> unrecorded = new ArrayList<>();
        Set<String> busy = new HashSet<>();
        try {
            deliver(hand, unrecorded, busy);
        } finally {
            record(hand, unrecorded);
        }
    }

    private void deliver(Hand hand, List<Transition> unrecorded, Set<String> busy) throws InterruptedException {
        Instant recordBy = null;
        for (Claimed instance = hand.next(Instant.now()); instance != null; instance = hand.next(Instant.now())) {
            String port = instance.sendPort();
            if (busy.contains(port) || !slots.enter(port, PORT_WAIT_MILLIS)) {
                hand.sent();
                List<UUID> back = new ArrayList<>(hand.takeBack(port));
                back.add(instance.id());
                busy.add(port);
                try {
                    queue.giveBack(back, Instant.now().plus(BUSY_PORT_BACKOFF));
                } finally {
                    hand.released(back);
                }
                continue;
            }
            Instant at = Instant.now();
            try {
                unrecorded.add(attempt(instance, at));
            } finally {
                slots.leave(port);
                hand.sent();
            }
            recordBy = recordBy == null ? at.plus(RECORD_WITHIN) : recordBy;
            if (!Instant.now().isBefore(recordBy)) {
                record(hand, unrecorded);
                recordBy = null;
            }
        }
    }

    /**
     * One instance's attempt, in its message's trace (its logs and its outgoing request carry it); whatever it
     * throws ends this instance only.
     */
    private Transition attempt(Claimed instance, Instant at) {
        try (Scope trace = Traceparent.resume(instance.traceparent())) {
            try {
                return attempts.deliver(instance, at);
            } catch (RuntimeException e) {
                log.error("delivering instance {} of message {} to {} failed unexpectedly", instance.id(),
                        instance.messageId(), instance.sendPort(), e);
                return Transition.internalError(instance, e, Instant.now());
            }
        }
    }

    /**
     * Records the outcomes together; if that fails, each alone, and an outcome that cannot be recorded (a response
     * the database refuses, …) ends its instance with {@code INTERNAL_ERROR}. If even that fails (the database is
     * away), the instance stays Active and is claimed again after its lease.
     */
    private void record(Hand hand, List<Transition> transitions) {
        if (transitions.isEmpty()) {
            return;
        }
        List<UUID> ids = transitions.stream().map(transition -> transition.instance().id()).toList();
        boolean responses = transitions.stream().anyMatch(transition -> transition.response() != null);
        try {
            recorded(queue.record(transitions));
            if (responses) { // stored as new messages in the same transaction: they are due now
                doorbell.ring();
            }
        } catch (RuntimeException batchFailure) {
            for (Transition transition : transitions) {
                recordAlone(transition);
            }
        } finally {
            hand.released(ids);
            transitions.clear();
        }
    }

    private void recordAlone(Transition transition) {
        try {
            recorded(queue.record(List.of(transition)));
        } catch (RuntimeException e) {
            log.error("recording the outcome of instance {} failed", transition.instance().id(), e);
            try {
                recorded(queue.record(List.of(Transition.internalError(transition.instance(), e, Instant.now()))));
            } catch (RuntimeException again) {
                log.warn("instance {} stays Active until its lease expires: {}", transition.instance().id(),
                        again.toString());
            }
        }
    }

    private void recorded(List<Transition> applied) {
        Instant now = Instant.now();
        applied.forEach(transition -> metrics.recorded(transition, now));
    }

    /** Extends every held lease well before it expires, and hands back what waits behind a hanging send. */
    private void keepLeases() {
        Duration lease = properties.lease();
        long every = Math.max(50, lease.toMillis() / 4);
        while (running) {
            try {
                Thread.sleep(every);
                Instant now = Instant.now();
                for (Hand hand : hands) {
                    List<UUID> stuck = hand.takeBackIfStuck(now, lease.dividedBy(2));
                    if (!stuck.isEmpty()) {
                        log.info("handing back {} instance(s) waiting behind a slow send", stuck.size());
                        queue.giveBack(stuck, now);
                        doorbell.ring();
                    }
                    queue.extendLease(hand.held(), now.plus(lease));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("extending leases failed: {}", e.toString());
            }
        }
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < properties.workers(); i++) {
            Hand hand = new Hand();
            hands.add(hand);
            threads.add(DaemonThreads.start("delivery-worker-" + i, () -> work(hand)));
        }
        threads.add(DaemonThreads.start("delivery-lease-keeper", this::keepLeases));
    }

    @Override
    public void stop() {
        running = false;
        DaemonThreads.stop(threads);
        threads.clear();
        hands.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
