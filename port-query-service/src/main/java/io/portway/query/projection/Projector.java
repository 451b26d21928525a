package io.portway.query.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.events.ArtifactKind;
import io.portway.events.EventEnvelope;
import io.portway.messaging.PortwayJackson;
import io.portway.messaging.SendPortEventCodec;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
 * All writes are {@code COPY}s or set-based statements, so a batch costs a handful of round trips.
 */
public final class Projector {

    public static final String LIVE_SCHEMA = "query";
    private static final Logger log = LoggerFactory.getLogger(Projector.class);
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]*");

    private final ObjectMapper json;
    private final SendPortEventCodec codec;

    public Projector() {
        this.json = PortwayJackson.newObjectMapper();
        this.codec = new SendPortEventCodec(json);
    }

    /** What happened to a batch. {@code gapIndex} is the index of the first event after a missing one, or -1. */
    public record Outcome(List<EventEnvelope> applied, int duplicates, int rejected, int gapIndex,
            EventEnvelope gap) {
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
        private boolean flushed;

        private Session(String schema, boolean authoritative) {
            this.schema = schema;
            this.authoritative = authoritative;
        }

        /**
         * Applies the events in order. With {@code stopAtGap} the first event after a missing one stops the batch
         * (it and everything after it are not applied); otherwise such events are skipped and counted.
         */
        public Outcome apply(Connection connection, List<EventEnvelope> events, boolean stopAtGap)
                throws SQLException {
            if (!authoritative) {
                load(connection, events);
            }
            StringBuilder history = new StringBuilder(events.size() * 512);
            Outcome outcome = fold(events, stopAtGap, history);
            copy(connection, schema + ".history", HISTORY_COLUMNS, history);
            return outcome;
        }

        /** The in-memory part of {@link #apply}: decides and folds each event, appending its history row. */
        Outcome fold(List<EventEnvelope> events, boolean stopAtGap, StringBuilder history) {
            List<EventEnvelope> applied = new ArrayList<>(events.size());
            int duplicates = 0;
            int rejected = 0;
            for (int i = 0; i < events.size(); i++) {
                EventEnvelope event = events.get(i);
                long last = sequences.getOrDefault(event.artifactId(), 0L);
                if (event.sequence() <= last) {
                    duplicates++;
                    continue;
                }
                if (event.sequence() > last + 1) {
                    if (stopAtGap) {
                        return new Outcome(applied, duplicates, rejected, i, event);
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
            return new Outcome(applied, duplicates, rejected, -1, null);
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
                deleteWhere(connection, "delete from " + schema + ".event_sequence where artifact_id = any(?)", dirty);
                deleteWhere(connection, "delete from " + schema + ".send_port where artifact_id = any(?)", ports);
                deleteWhere(connection, "delete from " + schema + ".send_port_group where artifact_id = any(?)",
                        groups);
                deleteWhere(connection, "delete from " + schema + ".group_member where group_artifact_id = any(?)",
                        groups);
            }
            StringBuilder rows = new StringBuilder();
            for (String id : dirty) {
                row(rows, id, Long.toString(sequences.get(id)));
            }
            copy(connection, schema + ".event_sequence", "artifact_id, last_sequence", rows);

            rows.setLength(0);
            for (String id : ports) {
                if (states.get(id) instanceof SendPortState port) {
                    row(rows, id, port.name(), port.status().name(), port.application(), port.transportType(),
                            Long.toString(port.version()), write(port));
                }
            }
            copy(connection, schema + ".send_port",
                    "artifact_id, name, status, application, transport_type, version, state", rows);

            rows.setLength(0);
            StringBuilder members = new StringBuilder();
            for (String id : groups) {
                if (states.get(id) instanceof SendPortGroupState group) {
                    row(rows, id, group.name(), group.status().name(), group.application(),
                            Long.toString(group.version()), write(group));
                    for (int position = 0; position < group.sendPorts().size(); position++) {
                        row(members, id, Integer.toString(position), group.sendPorts().get(position));
                    }
                }
            }
            copy(connection, schema + ".send_port_group", "artifact_id, name, status, application, version, state",
                    rows);
            copy(connection, schema + ".group_member", "group_artifact_id, position, port_name", members);
            dirty.clear();
            flushed = true;
        }

        /** Number of artifacts whose events this session has applied (for an authoritative session: all). */
        public int artifacts() {
            return sequences.size();
        }

        private void load(Connection connection, List<EventEnvelope> events) throws SQLException {
            sequences.clear();
            states.clear();
            kinds.clear();
            Set<String> ids = new LinkedHashSet<>();
            for (EventEnvelope event : events) {
                ids.add(event.artifactId());
            }
            String[] sorted = ids.stream().sorted().toArray(String[]::new);
            try (PreparedStatement select = connection.prepareStatement("select artifact_id, last_sequence from "
                    + schema + ".event_sequence where artifact_id = any(?) order by artifact_id for update")) {
                select.setArray(1, connection.createArrayOf("varchar", sorted));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        sequences.put(rs.getString(1), rs.getLong(2));
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
                        Class<? extends ArtifactState> type =
                                "P".equals(rs.getString(2)) ? SendPortState.class : SendPortGroupState.class;
                        ArtifactState state = read(rs.getString(3), type);
                        states.put(rs.getString(1), state);
                        kinds.put(rs.getString(1), state.artifactKind());
                    }
                }
            }
        }

        private void appendHistory(StringBuilder rows, EventEnvelope event, ArtifactState after) {
            row(rows, event.artifactId(), Long.toString(event.sequence()), event.kind().name(), event.name(),
                    event.event().type(), event.occurredAt().toString(), Long.toString(event.position()),
                    event.eventId(), event.principal(), event.correlationId(),
                    new String(codec.toJson(event.event()), StandardCharsets.UTF_8),
                    after == null ? null : write(after));
        }
    }

    private static final String HISTORY_COLUMNS = "artifact_id, sequence, kind, name, type, occurred_at, position, "
            + "event_id, principal, correlation_id, data, state";

    public String write(ArtifactState state) {
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the state of " + state.artifactId(), e);
        }
    }

    public <T extends ArtifactState> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
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

    /** Appends one row in COPY text format. */
    static void row(StringBuilder rows, String... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                rows.append('\t');
            }
            String value = values[i];
            if (value == null) {
                rows.append("\\N");
                continue;
            }
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                switch (ch) {
                    case '\\' -> rows.append("\\\\");
                    case '\n' -> rows.append("\\n");
                    case '\r' -> rows.append("\\r");
                    case '\t' -> rows.append("\\t");
                    default -> rows.append(ch);
                }
            }
        }
        rows.append('\n');
    }

    static void copy(Connection connection, String table, String columns, CharSequence rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("copy " + table + " (" + columns + ") from stdin", new StringReader(rows.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
