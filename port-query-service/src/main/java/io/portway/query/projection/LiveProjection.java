package io.portway.query.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.portway.events.EventEnvelope;
import io.opentelemetry.context.Scope;
import io.portway.messaging.CloudEventHeaders;
import io.portway.messaging.SendPortEventCodec;
import io.portway.support.Traceparent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The live consumer of {@code portway.send-port-events}: each polled batch is applied in one transaction, and the
 * container commits the offsets after it. On a gap, the events before it are committed and the listener fails at
 * the gap's record, so the error handler seeks back to it and retries (health DOWN meanwhile). An event that
 * cannot be applied for a reason of its own (it does not fold, or the database refuses it) is recorded by
 * {@link ProjectionFailures} (readiness DOWN naming it) and its artifact's later events are held back, while the
 * events of every other artifact go on being applied; only transient database failures retry the batch.
 */
@Component
class LiveProjection implements BatchMessageListener<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(LiveProjection.class);

    private final Projector projector;
    private final SendPortEventCodec codec;
    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final ProjectionHealth health;
    private final CatchUp catchUp;
    private final ProjectionFailures failures;
    private final Counter undecodable;
    private final Timer sinceChange;
    private final Timer sincePublication;

    LiveProjection(Projector projector, DataSource dataSource, TransactionTemplate transactions,
            ProjectionHealth health, CatchUp catchUp, ProjectionFailures failures, MeterRegistry meters) {
        this.failures = failures;
        this.projector = projector;
        this.codec = new SendPortEventCodec(projector.json());
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.health = health;
        this.catchUp = catchUp;
        this.undecodable = Counter.builder("portway.events.undecodable")
                .description("records on the send port events topic that are not Portway events").register(meters);
        this.sinceChange = Timer.builder("portway.projection.lag")
                .description("from a change (the event's time) to its being applied to the read models")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.sincePublication = Timer.builder("portway.projection.delivery")
                .description("from an event's publication to Kafka (the record's time) to its being applied")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    /**
     * Applies the batch in the trace of its records when they all belong to one (a command's events: its logs carry
     * that trace id); a batch of several traces is applied in none of them, and only a record's own log lines
     * (undecodable, gap) carry its trace.
     */
    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records) {
        try (Scope trace = Traceparent.resume(sharedTraceparent(records))) {
            apply(records);
        }
    }

    static String sharedTraceparent(List<ConsumerRecord<String, byte[]>> records) {
        String shared = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            String traceparent = traceparent(record);
            if (traceparent == null || shared != null
                    && !Traceparent.traceId(shared).equals(Traceparent.traceId(traceparent))) {
                return null;
            }
            shared = shared == null ? traceparent : shared;
        }
        return shared;
    }

    private static String traceparent(ConsumerRecord<String, byte[]> record) {
        return Traceparent.valid(CloudEventHeaders.traceparent(record.headers()));
    }

    private void apply(List<ConsumerRecord<String, byte[]>> records) {
        List<EventEnvelope> events = new ArrayList<>(records.size());
        List<Integer> indexes = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                events.add(codec.fromRecord(records.get(i)));
                indexes.add(i);
            } catch (RuntimeException e) {
                undecodable.increment();
                try (Scope trace = Traceparent.resume(traceparent(records.get(i)))) {
                    log.error("skipping a record that is not a Portway event at {}-{}@{}: {}",
                            records.get(i).topic(), records.get(i).partition(), records.get(i).offset(),
                            e.getMessage());
                }
            }
        }
        Projector.BatchResult outcome;
        try {
            outcome = applyTogether(events);
        } catch (RuntimeException e) {
            if (ProjectionFailures.isTransient(e)) {
                throw e;
            }
            outcome = applyOneByOne(events, indexes);
        }
        if (outcome.gapIndex() < 0) {
            failures.batchApplied();
        }
        if (failures.any()) {
            failures.refresh();
        }
        health.settled(outcome.gapIndex() >= 0 ? events.subList(0, outcome.gapIndex()) : events);
        catchUp.signal();
        measure(records, events, indexes, outcome.applied());
        if (outcome.gapIndex() >= 0) {
            EventEnvelope gap = outcome.gap();
            long last = lastApplied(gap);
            health.gap(gap, last);
            try (Scope trace = Traceparent.resume(traceparent(records.get(indexes.get(outcome.gapIndex()))))) {
                log.warn("gap in the events of {} ({}): expected sequence {}, got {}; retrying", gap.name(),
                        gap.artifactId(), last + 1, gap.sequence());
            }
            throw new BatchListenerFailedException("gap before sequence " + gap.sequence() + " of " + gap.name(),
                    indexes.get(outcome.gapIndex()));
        }
    }

    /**
     * The batch in one transaction: the common case, three round trips (lock and read, write, commit).
     */
    private Projector.BatchResult applyTogether(List<EventEnvelope> events) {
        return transactions.execute(status -> {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                Projector.Session session = projector.session(Projector.LIVE_SCHEMA, false);
                Projector.BatchResult result = session.apply(connection, events, true);
                session.flush(connection);
                return result;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot apply " + events.size() + " events", e);
            }
        });
    }

    /**
     * After a batch failed for a reason that is not transient: each event in a transaction of its own, so that the
     * one that cannot be applied is found, recorded ({@link ProjectionFailures}: readiness DOWN naming it, its
     * artifact's later events held back) and every other artifact's events are still applied.
     */
    private Projector.BatchResult applyOneByOne(List<EventEnvelope> events, List<Integer> indexes) {
        List<EventEnvelope> applied = new ArrayList<>(events.size());
        int duplicates = 0;
        int rejected = 0;
        for (int i = 0; i < events.size(); i++) {
            EventEnvelope event = events.get(i);
            Projector.BatchResult one;
            try {
                one = applyTogether(List.of(event));
            } catch (RuntimeException e) {
                if (ProjectionFailures.isTransient(e)) {
                    throw new BatchListenerFailedException("cannot apply " + event.name() + " now", e,
                            indexes.get(i));
                }
                failures.record(event, ProjectionFailures.reason(e));
                rejected++;
                continue;
            }
            if (one.gapIndex() >= 0) {
                return new Projector.BatchResult(applied, duplicates, rejected, i, event);
            }
            applied.addAll(one.applied());
            duplicates += one.duplicates();
            rejected += one.rejected();
        }
        return new Projector.BatchResult(applied, duplicates, rejected, -1, null);
    }

    /** Lag of the events applied just now (not of duplicates: a redelivery is not a slow projection). */
    private void measure(List<ConsumerRecord<String, byte[]>> records, List<EventEnvelope> events,
            List<Integer> indexes, List<EventEnvelope> applied) {
        Set<EventEnvelope> fresh = Collections.newSetFromMap(new IdentityHashMap<>());
        fresh.addAll(applied);
        long now = System.currentTimeMillis();
        for (int i = 0; i < events.size(); i++) {
            if (fresh.contains(events.get(i))) {
                sinceChange.record(Duration.ofMillis(Math.max(0, now - events.get(i).occurredAt().toEpochMilli())));
                sincePublication.record(Duration.ofMillis(Math.max(0, now - records.get(indexes.get(i)).timestamp())));
            }
        }
    }

    private long lastApplied(EventEnvelope event) {
        Long last = new org.springframework.jdbc.core.JdbcTemplate(dataSource).query(
                "select last_sequence from " + Projector.LIVE_SCHEMA + ".event_sequence where artifact_id = ?",
                rs -> rs.next() ? rs.getLong(1) : 0L, event.artifactId());
        return last == null ? 0 : last;
    }
}
