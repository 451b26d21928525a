package io.portway.delivery.instance;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.portway.support.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Retention of the message box, BizTalk's purge job: every {@code portway.delivery.retention-interval} it deletes
 * the finished instances (Completed, Terminated) that ended more than {@code portway.delivery.retention} ago, the
 * messages no instance refers to any more, and the routing-failure reports older than the retention. Instances
 * that are not finished (waiting, Active, held, suspended for any reason) and their messages are never purged.
 * <p>
 * Each transaction deletes at most {@code retention-batch} rows of each kind and skips rows another transaction
 * holds locked; it never touches a row a worker claims (workers claim only unfinished instances), so delivery
 * never waits for a purge. One purge runs at a time across instances of the service (an advisory lock).
 * <p>
 * Metrics: {@code portway.retention.purged{what=instances|messages|routing-failures}} and
 * {@code portway.retention.last.run} (when this instance's last purge transaction committed).
 */
@Component
@EnableConfigurationProperties(RetentionProperties.class)
class MessageBoxRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MessageBoxRetention.class);

    /** What a purge deleted. */
    record Purged(int instances, int messages, int routingFailures) {

        static final Purged NOTHING = new Purged(0, 0, 0);

        Purged plus(Purged other) {
            return new Purged(instances + other.instances, messages + other.messages,
                    routingFailures + other.routingFailures);
        }

        /** A batch that reached the limit: there may be more. */
        boolean full(int limit) {
            return instances >= limit || routingFailures >= limit;
        }

        boolean any() {
            return instances + messages + routingFailures > 0;
        }
    }

    private final RetentionRepository instances;
    private final TransactionTemplate transactions;
    private final RetentionProperties properties;
    private final Counter purgedInstances;
    private final Counter purgedMessages;
    private final Counter purgedRoutingFailures;
    private final AtomicLong lastRun = new AtomicLong();
    private volatile boolean running;
    private ScheduledExecutorService schedule;

    MessageBoxRetention(RetentionRepository instances, TransactionTemplate transactions, RetentionProperties properties,
                        MeterRegistry meters) {
        this.instances = instances;
        this.transactions = transactions;
        this.properties = properties;
        this.purgedInstances = purged(meters, "instances");
        this.purgedMessages = purged(meters, "messages");
        this.purgedRoutingFailures = purged(meters, "routing-failures");
        TimeGauge.builder("portway.retention.last.run", lastRun, TimeUnit.MILLISECONDS, AtomicLong::get)
                .description("when the message box was last purged (epoch; 0 = not yet)").register(meters);
    }

    private static Counter purged(MeterRegistry meters, String what) {
        return Counter.builder("portway.retention.purged").tag("what", what)
                .description("rows deleted from the message box by retention").register(meters);
    }

    /** Purges everything due now, batch after batch; nothing when retention is off or another purge runs. */
    Purged purge() {
        if (!properties.purges()) {
            return Purged.NOTHING;
        }
        Instant cutoff = Instant.now().minus(properties.retention());
        Purged purged = drain(() -> {
            Purged batch = transactions.execute(tx -> purgeBatch(cutoff));
            if (batch != null) {
                purgedInstances.increment(batch.instances());
                purgedMessages.increment(batch.messages());
                purgedRoutingFailures.increment(batch.routingFailures());
                lastRun.set(System.currentTimeMillis());
            }
            return batch;
        }, properties.retentionBatch(), () -> running);
        if (purged.any()) {
            log.info("retention purged {} instance(s), {} message(s) and {} routing-failure report(s) older than {}",
                    purged.instances(), purged.messages(), purged.routingFailures(), cutoff);
        }
        return purged;
    }

    /**
     * One batch in the caller's transaction: finished instances and their messages, and routing-failure reports,
     * that ended before {@code cutoff}. Null when another purge holds the lock.
     */
    Purged purgeBatch(Instant cutoff) {
        if (!instances.tryLockForPurge()) {
            return null;
        }
        RetentionRepository.Purged box = instances.purgeFinished(cutoff, properties.retentionBatch());
        int routingFailures = instances.purgeRoutingFailures(cutoff, properties.retentionBatch());
        return new Purged(box.instances(), box.messages(), routingFailures);
    }

    /**
     * Runs committed batches while they come back full and {@code go} holds; a null batch (another purge runs)
     * ends the run. Answers the sum.
     */
    static Purged drain(Supplier<Purged> batches, int limit, BooleanSupplier go) {
        Purged total = Purged.NOTHING;
        while (go.getAsBoolean()) {
            Purged batch = batches.get();
            if (batch == null) {
                break;
            }
            total = total.plus(batch);
            if (!batch.full(limit)) {
                break;
            }
        }
        return total;
    }

    private void run() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("retention purge failed, trying again in {}: {}", properties.retentionInterval(), e.toString());
        }
    }

    @Override
    public void start() {
        running = true;
        if (!properties.purges()) {
            log.info("retention is off: the message box is never purged");
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("delivery-retention"));
        long every = properties.retentionInterval().toMillis();
        schedule.scheduleWithFixedDelay(this::run, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        if (schedule != null) {
            schedule.shutdown();
            try {
                schedule.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
