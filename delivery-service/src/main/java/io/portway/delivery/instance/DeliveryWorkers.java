package io.portway.delivery.instance;

import io.portway.delivery.DeliveryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Worker threads: claim a batch of due instances, deliver each, record the outcomes in one transaction. Idle
 * workers wait for the {@link Doorbell} or the poll interval; no thread ever sleeps for a retry or a window.
 */
@Component
class DeliveryWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorkers.class);

    private final WorkQueue store;
    private final Dispatcher dispatcher;
    private final Doorbell doorbell;
    private final DeliveryMetrics metrics;
    private final DeliveryProperties properties;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    DeliveryWorkers(WorkQueue store, Dispatcher dispatcher, Doorbell doorbell, DeliveryMetrics metrics,
                    DeliveryProperties properties) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.doorbell = doorbell;
        this.metrics = metrics;
        this.properties = properties;
    }

    private void work() {
        Duration lease = properties.lease();
        while (running) {
            try {
                Instant now = Instant.now();
                List<Claimed> batch = store.claim(properties.batchSize(), now, now.plus(lease));
                if (batch.isEmpty()) {
                    doorbell.await(properties.pollInterval().toMillis());
                    continue;
                }
                List<Transition> results = new ArrayList<>(batch.size());
                Instant extendAt = now.plus(lease.dividedBy(2));
                for (int i = 0; i < batch.size(); i++) {
                    Instant at = Instant.now();
                    if (at.isAfter(extendAt)) {
                        List<UUID> remaining = batch.subList(i, batch.size()).stream().map(Claimed::id).toList();
                        store.extendLease(remaining, at.plus(lease));
                        extendAt = at.plus(lease.dividedBy(2));
                    }
                    results.add(dispatcher.deliver(batch.get(i), at));
                }
                Instant recorded = Instant.now();
                for (Transition result : store.record(results)) {
                    metrics.recorded(result, recorded);
                }
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

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < properties.workers(); i++) {
            Thread thread = new Thread(this::work, "delivery-worker-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    @Override
    public void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
