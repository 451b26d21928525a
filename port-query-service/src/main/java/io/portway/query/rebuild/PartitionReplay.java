package io.portway.query.rebuild;

import io.portway.events.EventEnvelope;
import io.portway.messaging.SendPortEventCodec;
import io.portway.query.projection.Projector;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One partition's replay in a {@link Rebuild}: its consumer (assigned partition, no group offsets), its
 * (authoritative) projection session, its end offset captured at the start; it counts the records it polls into
 * the rebuild's {@code processed} and {@code total}.
 */
final class PartitionReplay {

    private static final Logger log = LoggerFactory.getLogger(Rebuild.class);

    private final TopicPartition partition;
    final Projector.Session session;
    private final ConsumerFactory<?, ?> consumers;
    private final int batchSize;
    private final ShadowSchema shadow;
    private final SendPortEventCodec codec;
    private final AtomicLong processed;
    private final AtomicLong total;
    private Consumer<String, byte[]> consumer;
    private long begin;
    private long end;

    PartitionReplay(TopicPartition partition, Projector.Session session, ConsumerFactory<?, ?> consumers,
            int batchSize, ShadowSchema shadow, SendPortEventCodec codec, AtomicLong processed, AtomicLong total) {
        this.partition = partition;
        this.session = session;
        this.consumers = consumers;
        this.batchSize = batchSize;
        this.shadow = shadow;
        this.codec = codec;
        this.processed = processed;
        this.total = total;
    }

    void open() {
        consumer = consumer(consumers, batchSize, "-" + partition.partition());
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        begin = consumer.beginningOffsets(List.of(partition)).get(partition);
        end = consumer.endOffsets(List.of(partition)).get(partition);
        total.addAndGet(end - begin);
    }

    /** Streams the partition's history rows through one COPY, then writes its artifacts' current rows. */
    void load(AtomicBoolean failed) throws SQLException {
        shadow.inTransaction(connection -> {
            ShadowSchema.relaxDurability(connection);
            try (Projector.Session.HistoryCopy history = session.copyHistory(connection)) {
                while (consumer.position(partition) < end) {
                    if (failed.get()) {
                        throw new IllegalStateException("another partition's replay failed");
                    }
                    List<EventEnvelope> events = poll();
                    if (!events.isEmpty()) {
                        history.apply(events);
                    }
                }
            }
            session.flush(connection);
        });
    }

    /**
     * Under the read-model lock: applies what arrived since the load (the last polls may bring events that
     * arrived after the end offsets read here: they are replayed too).
     */
    void catchUp(java.sql.Connection connection) throws SQLException {
        long now = consumer.endOffsets(List.of(partition)).get(partition);
        total.addAndGet(now - end);
        while (consumer.position(partition) < now) {
            session.apply(connection, poll(), false);
        }
        total.addAndGet(consumer.position(partition) - now);
    }

    void close() {
        if (consumer != null) {
            consumer.close();
        }
    }

    private List<EventEnvelope> poll() {
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

    @SuppressWarnings("unchecked")
    static Consumer<String, byte[]> consumer(ConsumerFactory<?, ?> consumers, int batchSize, String suffix) {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(batchSize));
        overrides.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
        overrides.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return (Consumer<String, byte[]>) consumers.createConsumer("port-query-service-rebuild", null,
                "-rebuild" + suffix, overrides);
    }
}
