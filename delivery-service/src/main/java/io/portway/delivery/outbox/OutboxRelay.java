package io.portway.delivery.outbox;

import io.portway.delivery.DeliveryProperties;
import io.portway.messaging.CloudEventHeaders;
import io.portway.messaging.DeliveryEventCodec;
import io.portway.support.DaemonThreads;
import io.portway.support.PortwayTopics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the outbox to {@code portway.delivery-events} in order, then deletes what Kafka acknowledged. Rows are
 * locked ({@code FOR UPDATE SKIP LOCKED}) while being sent, so several instances of the service can relay. A crash
 * between the acknowledgement and the delete sends an event again with the same {@code ce_id} (at least once).
 * An event's record carries the trace it was recorded in ({@code traceparent} and {@code ce_traceparent}).
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final DeliveryEventCodec codec;
    private final PortwayTopics topics;
    private final DeliveryProperties properties;
    private final Semaphore signal = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
                DeliveryEventCodec codec, PortwayTopics topics, DeliveryProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.codec = codec;
        this.topics = topics;
        this.properties = properties;
    }

    void wakeUp() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    private record Row(long id, String eventId, String type, String instanceId, String time, byte[] payload,
                       String traceparent) {
    }

    /** Relays one batch; answers how many events were published. */
    int relayOnce() {
        Integer sent = transactions.execute(status -> {
            List<Row> rows = jdbc.query("select id, event_id, type, instance_id, occurred_at, payload, traceparent "
                            + "from delivery.outbox order by id limit " + BATCH + " for update skip locked",
                    (rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant().toString(), rs.getBytes(6), rs.getString(7)));
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
            for (Row row : rows) {
                ProducerRecord<String, byte[]> record = codec.toRecord(topics.deliveryEvents(), row.eventId(),
                        row.type(), row.instanceId(), row.time(), row.payload());
                CloudEventHeaders.putTraceparent(record.headers(), row.traceparent());
                acks.add(kafka.send(record));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
            jdbc.update("delete from delivery.outbox where id = any(?)",
                    (Object) rows.stream().map(Row::id).toArray(Long[]::new));
            return rows.size();
        });
        return sent == null ? 0 : sent;
    }

    private void loop() {
        while (running) {
            try {
                if (relayOnce() < BATCH) {
                    signal.tryAcquire(properties.outboxInterval().toMillis(), TimeUnit.MILLISECONDS);
                    signal.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("relaying delivery events failed, retrying: {}", e.toString());
                sleepQuietly();
            }
        }
    }

    private void sleepQuietly() {
        try {
            signal.tryAcquire(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        thread = DaemonThreads.start("delivery-outbox-relay", this::loop);
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            DaemonThreads.stop(thread);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
