package io.portway.query.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.portway.events.EventEnvelope;
import io.portway.messaging.SendPortEventCodec;
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
 * the gap's record, so the error handler seeks back to it and retries (health DOWN meanwhile).
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
    private final Counter undecodable;
    private final Timer sinceChange;
    private final Timer sincePublication;

    LiveProjection(Projector projector, DataSource dataSource, TransactionTemplate transactions,
            ProjectionHealth health, CatchUp catchUp, MeterRegistry meters) {
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

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records) {
        List<EventEnvelope> events = new ArrayList<>(records.size());
        List<Integer> indexes = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                events.add(codec.fromRecord(records.get(i)));
                indexes.add(i);
            } catch (RuntimeException e) {
                undecodable.increment();
                log.error("skipping a record that is not a Portway event at {}-{}@{}: {}", records.get(i).topic(),
                        records.get(i).partition(), records.get(i).offset(), e.getMessage());
            }
        }
        Projector.Outcome outcome = transactions.execute(status -> {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                ReadModelLock.shared(connection);
                Projector.Session session = projector.session(Projector.LIVE_SCHEMA, false);
                Projector.Outcome result = session.apply(connection, events, true);
                session.flush(connection);
                return result;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot apply " + events.size() + " events", e);
            }
        });
        health.settled(outcome.gapIndex() >= 0 ? events.subList(0, outcome.gapIndex()) : events);
        catchUp.signal();
        measure(records, events, indexes, outcome.applied());
        if (outcome.gapIndex() >= 0) {
            EventEnvelope gap = outcome.gap();
            long last = lastApplied(gap);
            health.gap(gap, last);
            log.warn("gap in the events of {} ({}): expected sequence {}, got {}; retrying", gap.name(),
                    gap.artifactId(), last + 1, gap.sequence());
            throw new BatchListenerFailedException("gap before sequence " + gap.sequence() + " of " + gap.name(),
                    indexes.get(outcome.gapIndex()));
        }
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
