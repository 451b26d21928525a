package io.portway.query.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.events.EventEnvelope;
import io.portway.messaging.SendPortEventCodec;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Applies batches of events to the read models of one schema ({@value #LIVE_SCHEMA} or a rebuild's shadow schema):
 * each event only if its sequence is the next one of its artifact, with a history row holding the event and the
 * artifact's state after it. The same code serves the live consumer (one transaction per polled batch) and the rebuild
 * (a long session whose in-memory state is authoritative; current tables written once at the end). The rebuild writes
 * with {@code COPY}s; a live batch costs three round trips (lock and read, write, commit); rows are built as UTF-8
 * bytes ({@link CopyRows}) with each document serialized once ({@link StateJson}); what a session knows of its
 * artifacts, and the current tables, are {@link CurrentStates}.
 */
public final class Projector {

    public static final String LIVE_SCHEMA = "query";
    private static final Logger log = LoggerFactory.getLogger(Projector.class);
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]*");

    private final StateJson json;
    private final SendPortEventCodec codec;

    public Projector() {
        this.json = new StateJson();
        this.codec = new SendPortEventCodec(json.mapper());
    }

    /** What happened to a batch. {@code gapIndex} is the index of the first event after a missing one, or -1. */
    public record BatchResult(List<EventEnvelope> applied, int duplicates, int rejected, int gapIndex,
            EventEnvelope gap) {
    }

    /**
     * An event that does not apply to the state its artifact has in the live read model (e.g. a change of an artifact
     * that does not exist). A live session never skips it silently: the consumer reports it and holds the
     * artifact's later events back.
     */
    public static final class Unapplicable extends RuntimeException {
        private final transient EventEnvelope event;

        Unapplicable(EventEnvelope event, String reason) {
            super(reason);
            this.event = event;
        }

        public EventEnvelope event() {
            return event;
        }
    }

    /**
     * A projection session on one schema. {@code authoritative} sessions start from empty tables and keep every
     * artifact's state in memory (the rebuild); others read the state of the batch's artifacts from the tables,
     * locking their sequence rows, and must be {@link #flush flushed} in the same transaction.
     */
    public Session session(String schema, boolean authoritative) {
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a schema name: " + schema);
        }
        return new Session(schema, authoritative);
    }

    public ObjectMapper json() {
        return json.mapper();
    }

    public final class Session {
        private final String schema;
        private final boolean authoritative;
        private final CurrentStates current;
        private final CurrentStates.HistoryRows liveHistory = new CurrentStates.HistoryRows();

        private Session(String schema, boolean authoritative) {
            this.schema = schema;
            this.authoritative = authoritative;
            this.current = new CurrentStates(schema, json);
        }

        /**
         * Applies the events in order. A live session first takes the read-model lock shared and reads its
         * artifacts (one round trip) and keeps the history rows until {@link #flush}, which writes them with the
         * current rows in one more; an authoritative one copies the history rows now. With {@code stopAtGap} the first
         * event after a missing one stops the batch
         * (it and everything after it are not applied); otherwise such events are skipped and counted. A live
         * session skips (counting them as rejected) the events of artifacts with a recorded failure
         * ({@code event_sequence.failed_sequence}), and throws {@link Unapplicable} for an event that does not fold.
         */
        public BatchResult apply(Connection connection, List<EventEnvelope> events, boolean stopAtGap)
                throws SQLException {
            if (!authoritative) {
                current.lockAndLoad(connection, events);
                return fold(events, stopAtGap, (CopyRows) null);
            }
            CopyRows history = new CopyRows(Math.max(1024, events.size() * 1536));
            BatchResult outcome = fold(events, stopAtGap, history);
            history.copyInto(connection, schema + ".history", HISTORY_COLUMNS);
            return outcome;
        }

        /**
         * Opens one {@code COPY} into the history table for many batches (the rebuild's replay): each
         * {@link HistoryCopy#apply} folds a batch and streams its rows, so PostgreSQL stores one batch while the next
         * is polled and folded. Close it (ending the COPY) before {@link #flush flushing}, in the same transaction.
         */
        public HistoryCopy copyHistory(Connection connection) throws SQLException {
            return new HistoryCopy(CopyRows.open(connection, schema + ".history", HISTORY_COLUMNS));
        }

        /** {@link #fold(List, boolean, CopyRows)} with the history rows as text (authoritative sessions). */
        BatchResult fold(List<EventEnvelope> events, boolean stopAtGap, StringBuilder history) {
            CopyRows rows = new CopyRows();
            BatchResult outcome = fold(events, stopAtGap, rows);
            history.append(rows);
            return outcome;
        }

        /** The in-memory part of {@link #apply}: decides and folds each event, appending its history row. */
        BatchResult fold(List<EventEnvelope> events, boolean stopAtGap, CopyRows history) {
            List<EventEnvelope> applied = new ArrayList<>(events.size());
            int duplicates = 0;
            int rejected = 0;
            for (int i = 0; i < events.size(); i++) {
                EventEnvelope event = events.get(i);
                if (current.failed(event.artifactId())) {
                    rejected++;
                    continue;
                }
                long last = current.lastSequence(event.artifactId());
                if (event.sequence() <= last) {
                    duplicates++;
                    continue;
                }
                if (event.sequence() > last + 1) {
                    if (stopAtGap) {
                        return new BatchResult(applied, duplicates, rejected, i, event);
                    }
                    log.warn("skipping event {} of artifact {}: sequence {} after {}", event.event().type(),
                            event.artifactId(), event.sequence(), last);
                    rejected++;
                    continue;
                }
                ArtifactState after;
                try {
                    after = Fold.next(current.state(event.artifactId()), event);
                } catch (IllegalStateException e) {
                    if (!authoritative) {
                        throw new Unapplicable(event, e.getMessage());
                    }
                    log.error("cannot apply event {}: {}", event.eventId(), e.getMessage());
                    rejected++;
                    current.passed(event);
                    continue;
                }
                current.applied(event, after);
                if (history == null) {
                    liveHistory.add(event, codec.toJson(Fold.redacted(event.event())),
                            after == null ? null : json.bytes(after));
                } else {
                    appendHistory(history, event, after);
                }
                applied.add(event);
            }
            return new BatchResult(applied, duplicates, rejected, -1, null);
        }

        /** The state this session holds for an artifact (null if unknown or deleted). */
        ArtifactState state(String artifactId) {
            return current.state(artifactId);
        }

        /** Writes the current state and last sequence of every artifact changed since the last flush. */
        public void flush(Connection connection) throws SQLException {
            if (authoritative) {
                current.flush(connection);
            } else {
                current.flushLive(connection, liveHistory);
            }
        }

        /** Number of artifacts whose events this session has applied (for an authoritative session: all). */
        public int artifacts() {
            return current.artifacts();
        }

        private void appendHistory(CopyRows rows, EventEnvelope event, ArtifactState after) {
            rows.field(event.artifactId()).field(event.sequence()).field(event.kind().name()).field(event.name())
                    .field(event.event().type()).field(event.occurredAt()).field(event.position())
                    .field(event.eventId()).field(event.principal()).field(event.correlationId())
                    .field(codec.toJson(Fold.redacted(event.event())))
                    .field(after == null ? null : json.bytes(after)).endRow();
        }

        /** A {@code COPY} into the history table kept open across batches; see {@link #copyHistory}. */
        public final class HistoryCopy implements AutoCloseable {
            private static final int PART = 256;
            private static final int SEND_AT = 256 * 1024;
            private final CopyIn copy;
            private final CopyRows rows = new CopyRows(SEND_AT * 2);

            private HistoryCopy(CopyIn copy) {
                this.copy = copy;
            }

            /** Folds a batch (events after a gap are skipped and counted) and streams its history rows. */
            public BatchResult apply(List<EventEnvelope> events) throws SQLException {
                List<EventEnvelope> applied = new ArrayList<>(events.size());
                List<EventEnvelope> part = new ArrayList<>(PART);
                int duplicates = 0;
                int rejected = 0;
                for (int i = 0; i < events.size(); i++) {
                    part.add(events.get(i));
                    if (part.size() == PART || i == events.size() - 1) {
                        BatchResult outcome = fold(part, false, rows);
                        applied.addAll(outcome.applied());
                        duplicates += outcome.duplicates();
                        rejected += outcome.rejected();
                        part.clear();
                        if (rows.size() >= SEND_AT) {
                            rows.writeTo(copy);
                        }
                    }
                }
                rows.writeTo(copy);
                return new BatchResult(applied, duplicates, rejected, -1, null);
            }

            /** Ends the COPY: the rows are in the table (visible once the transaction commits). */
            @Override
            public void close() throws SQLException {
                rows.finish(copy);
            }
        }
    }

    private static final String HISTORY_COLUMNS = "artifact_id, sequence, kind, name, type, occurred_at, position, "
            + "event_id, principal, correlation_id, data, state";

    public String write(ArtifactState state) {
        return json.write(state);
    }

    public <T extends ArtifactState> T read(String text, Class<T> type) {
        return json.read(text, type);
    }
}
