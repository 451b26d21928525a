package io.portway.query.rebuild;

import io.portway.events.EventEnvelope;
import io.portway.messaging.SendPortEventCodec;
import io.portway.query.projection.CatchUp.QueryProperties;
import io.portway.query.projection.Projector;
import io.portway.query.projection.ReadModelLock;
import io.portway.support.PortwayException;
import io.portway.support.PortwayTopics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rebuilds every read model from the topic while the current ones keep answering:
 * <ol>
 * <li>creates a shadow schema {@value ShadowSchema#SHADOW} with the live tables' columns but no indexes yet;</li>
 * <li>replays the topic from the beginning with its own consumer (assigned partitions, no group offsets) up to the
 * end offsets captured at the start, folding in memory and streaming the history rows through one {@code COPY}
 * (PostgreSQL stores a batch while the next one is polled and folded), in one transaction without waiting for
 * the commit to be durable (a rebuild that dies is started again, from scratch);</li>
 * <li>writes the current-state tables, then builds the live tables' indexes on two connections at once (sorting
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
        Projector.Session session = projector.session(ShadowSchema.SHADOW, true);
        try (Consumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.sendPortEvents()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            total.set(end.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum());
            log.info("rebuild: replaying {} events from {} partitions of {}", total.get(), partitions.size(),
                    topics.sendPortEvents());
            shadow.inTransaction(connection -> {
                ShadowSchema.relaxDurability(connection);
                try (Projector.Session.HistoryCopy history = session.copyHistory(connection)) {
                    while (!reached(consumer, end)) {
                        List<EventEnvelope> events = poll(consumer, codec);
                        if (!events.isEmpty()) {
                            history.apply(events);
                        }
                    }
                }
                session.flush(connection);
            });
            log.info("rebuild: {} events loaded in {} ms; indexing", processed.get(),
                    (System.nanoTime() - started) / 1_000_000);
            shadow.index();
            log.info("rebuild: {} events of {} artifacts replayed in {} ms; switching over", processed.get(),
                    session.artifacts(), (System.nanoTime() - started) / 1_000_000);
            shadow.inTransaction(connection -> {
                ReadModelLock.exclusive(connection);
                Map<TopicPartition, Long> now = consumer.endOffsets(partitions);
                total.addAndGet(now.entrySet().stream().mapToLong(e -> e.getValue() - end.get(e.getKey())).sum());
                while (!reached(consumer, now)) {
                    List<EventEnvelope> events = poll(consumer, codec);
                    session.apply(connection, events, false);
                }
                // the last polls may have brought events that arrived after "now": they are replayed too
                total.set(partitions.stream().mapToLong(p -> consumer.position(p) - begin.get(p)).sum());
                session.flush(connection);
                shadow.switchOver(connection);
            });
        }
        log.info("rebuild: completed {} events in {} ms", processed.get(), (System.nanoTime() - started) / 1_000_000);
    }

    private List<EventEnvelope> poll(Consumer<String, byte[]> consumer, SendPortEventCodec codec) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        List<EventEnvelope> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(codec.fromRecord(record));
            } catch (RuntimeException e) {
                log.error("rebuild: skipping a record that is not a Portway event at {}-{}@{}: {}", record.topic(),
                        record.partition(), record.offset(), e.getMessage());
            }
        }
        processed.addAndGet(records.count());
        return events;
    }

    private static boolean reached(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    @SuppressWarnings("unchecked")
    private Consumer<String, byte[]> consumer() {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(batchSize));
        overrides.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
        overrides.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return (Consumer<String, byte[]>) consumers.createConsumer("port-query-service-rebuild", null, "-rebuild",
                overrides);
    }

}
