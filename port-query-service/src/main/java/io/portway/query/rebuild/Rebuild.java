package io.portway.query.rebuild;

import io.portway.messaging.SendPortEventCodec;
import io.portway.query.projection.CatchUp.QueryProperties;
import io.portway.query.projection.Projector;
import io.portway.query.projection.ReadModelLock;
import io.portway.support.PortwayException;
import io.portway.support.PortwayTopics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds every read model from the topic while the current ones keep answering:
 * <ol>
 * <li>creates a shadow schema {@value ShadowSchema#SHADOW} with the live tables' columns but no indexes yet;</li>
 * <li>replays each partition of the topic from the beginning, all partitions at once, each with its own consumer
 * (assigned partition, no group offsets), projection session and connection, up to the end offsets captured at
 * the start, folding in memory and streaming the history rows through one {@code COPY} per partition (PostgreSQL
 * stores a batch while the next one is polled and folded), in one transaction per partition without waiting for
 * the commit to be durable (a rebuild that dies is started again, from scratch; the shadow schema is invisible
 * until the switch-over);</li>
 * <li>writes the current-state tables, then builds the live tables' indexes on four connections at once (sorting
 * a loaded table is much cheaper than maintaining its indexes row by row), turns the unique ones into the same
 * constraints, analyzes;</li>
 * <li>switches over in one transaction: takes the read-model lock (the live consumer waits), applies whatever
 * arrived since, copies Flyway's history table, renames the live schema away and the shadow schema to
 * {@value Projector#LIVE_SCHEMA}, drops the old one. The live consumer then continues on the new tables; events it
 * has not applied yet but the rebuild has are duplicates to it and skipped.</li>
 * </ol>
 * One rebuild at a time per instance; a second request gets 409 {@code REBUILD_RUNNING}.
 */
@Component
public class Rebuild {

    private static final Logger log = LoggerFactory.getLogger(Rebuild.class);

    private final Projector projector;
    private final ConsumerFactory<?, ?> consumers;
    private final PortwayTopics topics;
    private final ShadowSchema shadow;
    private final int batchSize;
    private final AtomicReference<RebuildProgress> progress = new AtomicReference<>(RebuildProgress.IDLE);
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong total = new AtomicLong();

    private final ExecutorService replayers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "rebuild-replay");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rebuild");
        thread.setDaemon(true);
        return thread;
    });

    Rebuild(Projector projector, ConsumerFactory<?, ?> consumers, PortwayTopics topics, ShadowSchema shadow,
            QueryProperties properties) {
        this.projector = projector;
        this.consumers = consumers;
        this.topics = topics;
        this.shadow = shadow;
        this.batchSize = properties.rebuildBatchSize();
    }

    public RebuildProgress progress() {
        RebuildProgress current = progress.get();
        return current.state() == RebuildProgress.State.RUNNING
                ? new RebuildProgress(current.state(), processed.get(), total.get(), current.startedAt(), null, null)
                : current;
    }

    /** Starts a rebuild in the background; 409 if one is running. */
    public synchronized RebuildProgress start() {
        if (progress.get().state() == RebuildProgress.State.RUNNING) {
            throw new PortwayException(HttpStatus.CONFLICT, "REBUILD_RUNNING",
                    "a rebuild started at " + progress.get().startedAt() + " is still running ("
                            + processed.get() + " of " + total.get() + " events); wait for it to finish");
        }
        processed.set(0);
        total.set(0);
        Instant startedAt = Instant.now();
        progress.set(new RebuildProgress(RebuildProgress.State.RUNNING, 0, 0, startedAt, null, null));
        executor.execute(() -> {
            try {
                run();
                progress.set(new RebuildProgress(RebuildProgress.State.COMPLETED, processed.get(), total.get(),
                        startedAt, Instant.now(), null));
            } catch (RuntimeException | SQLException e) {
                log.error("rebuild failed", e);
                shadow.dropQuietly();
                progress.set(new RebuildProgress(RebuildProgress.State.FAILED, processed.get(), total.get(),
                        startedAt, Instant.now(), String.valueOf(e.getMessage())));
            }
        });
        return progress();
    }

    private void run() throws SQLException {
        long started = System.nanoTime();
        shadow.create();
        SendPortEventCodec codec = new SendPortEventCodec(projector.json());
        List<PartitionReplay> replays = new ArrayList<>();
        try {
            try (Consumer<String, byte[]> consumer = PartitionReplay.consumer(consumers, batchSize, "")) {
                for (var info : consumer.partitionsFor(topics.sendPortEvents())) {
                    replays.add(new PartitionReplay(new TopicPartition(info.topic(), info.partition()),
                            projector.session(ShadowSchema.SHADOW, true), consumers, batchSize, shadow, codec,
                            processed, total));
                }
            }
            for (PartitionReplay replay : replays) {
                replay.open();
            }
            log.info("rebuild: replaying {} events from {} partitions of {}", total.get(), replays.size(),
                    topics.sendPortEvents());
            load(replays);
            int artifacts = replays.stream().mapToInt(replay -> replay.session.artifacts()).sum();
            log.info("rebuild: {} events of {} artifacts loaded in {} ms; indexing", processed.get(), artifacts,
                    (System.nanoTime() - started) / 1_000_000);
            shadow.index();
            log.info("rebuild: {} events replayed and indexed in {} ms; switching over", processed.get(),
                    (System.nanoTime() - started) / 1_000_000);
            shadow.inTransaction(connection -> {
                ReadModelLock.exclusive(connection);
                for (PartitionReplay replay : replays) {
                    replay.catchUp(connection);
                }
                for (PartitionReplay replay : replays) {
                    replay.session.flush(connection);
                }
                shadow.switchOver(connection);
            });
        } finally {
            for (PartitionReplay replay : replays) {
                replay.close();
            }
        }
        log.info("rebuild: completed {} events in {} ms", processed.get(), (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Replays every partition up to its end offset captured at the start, each on its own thread, consumer and
     * connection (an artifact's events are all in one partition: the record key is its name). The first failure
     * stops the others; it is thrown once all have stopped, so nothing writes into the shadow schema after it.
     */
    private void load(List<PartitionReplay> replays) throws SQLException {
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> loads = new ArrayList<>();
        for (PartitionReplay replay : replays) {
            loads.add(replayers.submit(() -> {
                try {
                    replay.load(failed);
                } catch (RuntimeException | SQLException e) {
                    failed.set(true);
                    throw e;
                }
                return null;
            }));
        }
        Throwable failure = null;
        for (Future<?> load : loads) {
            try {
                load.get();
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.set(true);
                failure = failure == null ? e : failure;
            }
        }
        if (failure instanceof SQLException sql) {
            throw sql;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new IllegalStateException("cannot replay the topic", failure);
        }
    }

}
