package io.portway.query.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.portway.events.ArtifactKind;
import io.portway.events.EventEnvelope;
import io.portway.messaging.PortwayJackson;
import io.portway.messaging.SendPortEventCodec;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Applies batches of events to the read models of one schema ({@value #LIVE_SCHEMA} or a rebuild's shadow
 * schema): each event only if its sequence is the next one of its artifact, with a history row holding the event
 * and the artifact's state after it. The same code serves the live consumer (one transaction per polled batch)
 * and the rebuild (a long session whose in-memory state is authoritative; current tables written once at the end).
 * All writes are {@code COPY}s or set-based statements, so a batch costs a handful of round trips; rows are built
 * as UTF-8 bytes ({@link CopyRows}) with each document serialized once by a reused {@link ObjectWriter}.
 */
public final class Projector {

    public static final String LIVE_SCHEMA = "query";
    private static final Logger log = LoggerFactory.getLogger(Projector.class);
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]*");

    private final ObjectMapper json;
    private final SendPortEventCodec codec;
    private final ObjectWriter portWriter;
    private final ObjectWriter groupWriter;
    private final ObjectReader portReader;
    private final ObjectReader groupReader;

    public Projector() {
        this.json = PortwayJackson.newObjectMapper();
        this.codec = new SendPortEventCodec(json);
        this.portWriter = json.writerFor(SendPortState.class);
        this.groupWriter = json.writerFor(SendPortGroupState.class);
        this.portReader = json.readerFor(SendPortState.class);
        this.groupReader = json.readerFor(SendPortGroupState.class);
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
        return json;
    }

    public final class Session {
        private final String schema;
        private final boolean authoritative;
        private final Map<String, Long> sequences = new HashMap<>();
        private final Map<String, ArtifactState> states = new HashMap<>();
        private final Map<String, ArtifactKind> kinds = new HashMap<>();
        private final Set<String> dirty = new LinkedHashSet<>();
        private final Set<String> failed = new HashSet<>();
        private boolean flushed;

        private Session(String schema, boolean authoritative) {
            this.schema = schema;
            this.authoritative = authoritative;
        }

        /**
         * Applies the events in order. With {@code stopAtGap} the first event after a missing one stops the batch
         * (it and everything after it are not applied); otherwise such events are skipped and counted. A live
         * session skips (counting them as rejected) the events of artifacts with a recorded failure
         * ({@code event_sequence.failed_sequence}), and throws {@link Unapplicable} for an event that does not fold.
         */
        public BatchResult apply(Connection connection, List<EventEnvelope> events, boolean stopAtGap)
                throws SQLException {
            if (!authoritative) {
                load(connection, events);
            }
            CopyRows history = new CopyRows(Math.max(1024, events.size() * 1536));
            BatchResult outcome = fold(events, stopAtGap, history);
            copy(connection, schema + ".history", HISTORY_COLUMNS, history);
            return outcome;
        }

        /**
         * Opens one {@code COPY} into the history table for many batches (the rebuild's replay): each
         * {@link HistoryCopy#apply} folds a batch and streams its rows, so PostgreSQL stores one batch while the next
         * is polled and folded. Close it (ending the COPY) before {@link #flush flushing}, in the same transaction.
         */
        public HistoryCopy copyHistory(Connection connection) throws SQLException {
            return new HistoryCopy(connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(copySql(schema + ".history", HISTORY_COLUMNS)));
        }

        /** {@link #fold(List, boolean, CopyRows)} with the history rows as text. */
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
                if (failed.contains(event.artifactId())) {
                    rejected++;
                    continue;
                }
                long last = sequences.getOrDefault(event.artifactId(), 0L);
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
                    after = Fold.next(states.get(event.artifactId()), event);
                } catch (IllegalStateException e) {
                    if (!authoritative) {
                        throw new Unapplicable(event, e.getMessage());
                    }
                    log.error("cannot apply event {}: {}", event.eventId(), e.getMessage());
                    rejected++;
                    sequences.put(event.artifactId(), event.sequence());
                    dirty.add(event.artifactId());
                    continue;
                }
                sequences.put(event.artifactId(), event.sequence());
                states.put(event.artifactId(), after);
                kinds.put(event.artifactId(), event.kind());
                dirty.add(event.artifactId());
                appendHistory(history, event, after);
                applied.add(event);
            }
            return new BatchResult(applied, duplicates, rejected, -1, null);
        }

        /** The state this session holds for an artifact (null if unknown or deleted). */
        ArtifactState state(String artifactId) {
            return states.get(artifactId);
        }

        /** Writes the current state and last sequence of every artifact changed since the last flush. */
        public void flush(Connection connection) throws SQLException {
            if (dirty.isEmpty()) {
                return;
            }
            List<String> ports = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            for (String id : dirty) {
                (kinds.get(id) == ArtifactKind.SendPortGroup ? groups : ports).add(id);
            }
            if (!authoritative || flushed) {
                upsertSequences(connection);
                deleteWhere(connection, "delete from " + schema + ".send_port where artifact_id = any(?)", ports);
                deleteWhere(connection, "delete from " + schema + ".send_port_group where artifact_id = any(?)",
                        groups);
                deleteWhere(connection, "delete from " + schema + ".group_member where group_artifact_id = any(?)",
                        groups);
            } else {
                CopyRows sequenceRows = new CopyRows(Math.max(1024, dirty.size() * 64));
                for (String id : dirty) {
                    sequenceRows.field(id).field(sequences.get(id)).endRow();
                }
                copy(connection, schema + ".event_sequence", "artifact_id, last_sequence", sequenceRows);
            }
            CopyRows rows = new CopyRows(Math.max(1024, ports.size() * 1280));
            for (String id : ports) {
                if (states.get(id) instanceof SendPortState port) {
                    rows.field(id).field(port.name()).field(port.status().name()).field(port.application())
                            .field(port.transportType()).field(port.version()).field(bytes(port)).endRow();
                }
            }
            copy(connection, schema + ".send_port",
                    "artifact_id, name, status, application, transport_type, version, state", rows);

            rows = new CopyRows(Math.max(1024, groups.size() * 1024));
            CopyRows members = new CopyRows();
            for (String id : groups) {
                if (states.get(id) instanceof SendPortGroupState group) {
                    rows.field(id).field(group.name()).field(group.status().name()).field(group.application())
                            .field(group.version()).field(bytes(group)).endRow();
                    for (int position = 0; position < group.sendPorts().size(); position++) {
                        members.field(id).field(position).field(group.sendPorts().get(position)).endRow();
                    }
                }
            }
            copy(connection, schema + ".send_port_group", "artifact_id, name, status, application, version, state",
                    rows);
            copy(connection, schema + ".group_member", "group_artifact_id, position, port_name", members);
            dirty.clear();
            flushed = true;
        }

        /** Sets the last sequence of the dirty artifacts in place (an update that touches no index). */
        private void upsertSequences(Connection connection) throws SQLException {
            String[] ids = dirty.toArray(String[]::new);
            Long[] last = new Long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                last[i] = sequences.get(ids[i]);
            }
            try (PreparedStatement upsert = connection.prepareStatement("insert into " + schema
                    + ".event_sequence (artifact_id, last_sequence) select * from unnest(?::varchar[], ?::bigint[]) "
                    + "on conflict (artifact_id) do update set last_sequence = excluded.last_sequence")) {
                upsert.setArray(1, connection.createArrayOf("varchar", ids));
                upsert.setArray(2, connection.createArrayOf("bigint", last));
                upsert.executeUpdate();
            }
        }

        /** Number of artifacts whose events this session has applied (for an authoritative session: all). */
        public int artifacts() {
            return sequences.size();
        }

        private void load(Connection connection, List<EventEnvelope> events) throws SQLException {
            sequences.clear();
            states.clear();
            kinds.clear();
            failed.clear();
            Set<String> ids = new LinkedHashSet<>();
            for (EventEnvelope event : events) {
                ids.add(event.artifactId());
            }
            String[] sorted = ids.stream().sorted().toArray(String[]::new);
            try (PreparedStatement select = connection.prepareStatement("select artifact_id, last_sequence, "
                    + "failed_sequence from " + schema + ".event_sequence where artifact_id = any(?) "
                    + "order by artifact_id for update")) {
                select.setArray(1, connection.createArrayOf("varchar", sorted));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        sequences.put(rs.getString(1), rs.getLong(2));
                        rs.getLong(3);
                        if (!rs.wasNull()) {
                            failed.add(rs.getString(1));
                        }
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "select artifact_id, 'P', state::text from " + schema + ".send_port where artifact_id = any(?)"
                            + " union all select artifact_id, 'G', state::text from " + schema
                            + ".send_port_group where artifact_id = any(?)")) {
                Array array = connection.createArrayOf("varchar", sorted);
                select.setArray(1, array);
                select.setArray(2, array);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ArtifactState state = "P".equals(rs.getString(2))
                                ? read(rs.getString(3), SendPortState.class)
                                : read(rs.getString(3), SendPortGroupState.class);
                        states.put(rs.getString(1), state);
                        kinds.put(rs.getString(1), state.artifactKind());
                    }
                }
            }
        }

        private void appendHistory(CopyRows rows, EventEnvelope event, ArtifactState after) {
            rows.field(event.artifactId()).field(event.sequence()).field(event.kind().name()).field(event.name())
                    .field(event.event().type()).field(event.occurredAt().toString()).field(event.position())
                    .field(event.eventId()).field(event.principal()).field(event.correlationId())
                    .field(codec.toJson(Fold.redacted(event.event())))
                    .field(after == null ? null : bytes(after)).endRow();
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
                try {
                    rows.writeTo(copy);
                    copy.endCopy();
                } finally {
                    if (copy.isActive()) {
                        copy.cancelCopy();
                    }
                }
            }
        }
    }

    private static final String HISTORY_COLUMNS = "artifact_id, sequence, kind, name, type, occurred_at, position, "
            + "event_id, principal, correlation_id, data, state";

    public String write(ArtifactState state) {
        try {
            return writer(state).writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the state of " + state.artifactId(), e);
        }
    }

    byte[] bytes(ArtifactState state) {
        try {
            return writer(state).writeValueAsBytes(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the state of " + state.artifactId(), e);
        }
    }

    private ObjectWriter writer(ArtifactState state) {
        return state instanceof SendPortState ? portWriter : groupWriter;
    }

    public <T extends ArtifactState> T read(String text, Class<T> type) {
        try {
            return (type == SendPortState.class ? portReader : type == SendPortGroupState.class ? groupReader
                    : json.readerFor(type)).readValue(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read a stored " + type.getSimpleName(), e);
        }
    }

    private static void deleteWhere(Connection connection, String sql, Collection<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
            delete.executeUpdate();
        }
    }

    private static String copySql(String table, String columns) {
        return "copy " + table + " (" + columns + ") from stdin";
    }

    static void copy(Connection connection, String table, String columns, CopyRows rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql(table, columns));
        try {
            rows.writeTo(copy);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }
}
