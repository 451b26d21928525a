package io.portway.query.projection;

import io.portway.events.ArtifactKind;
import io.portway.events.EventEnvelope;

import java.nio.charset.StandardCharsets;
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

/**
 * What a {@link Projector.Session} knows of its artifacts: each one's last applied sequence, state and kind, the
 * artifacts with a recorded failure, and which changed since the last flush. Read from and written to the current
 * tables of one schema ({@code event_sequence}, {@code send_port}, {@code send_port_group}, {@code group_member}).
 */
final class CurrentStates {

    private final String schema;
    private final StateJson json;
    private final Map<String, Long> sequences = new HashMap<>();
    private final Map<String, ArtifactState> states = new HashMap<>();
    private final Map<String, ArtifactKind> kinds = new HashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Set<String> failed = new HashSet<>();
    private boolean flushed;

    CurrentStates(String schema, StateJson json) {
        this.schema = schema;
        this.json = json;
    }

    boolean failed(String artifactId) {
        return failed.contains(artifactId);
    }

    long lastSequence(String artifactId) {
        return sequences.getOrDefault(artifactId, 0L);
    }

    /** The state held for an artifact (null if unknown or deleted). */
    ArtifactState state(String artifactId) {
        return states.get(artifactId);
    }

    /** The event is applied: its artifact is now {@code after}. */
    void applied(EventEnvelope event, ArtifactState after) {
        sequences.put(event.artifactId(), event.sequence());
        states.put(event.artifactId(), after);
        kinds.put(event.artifactId(), event.kind());
        dirty.add(event.artifactId());
    }

    /** The event is passed over: its sequence counts as applied, the state stays. */
    void passed(EventEnvelope event) {
        sequences.put(event.artifactId(), event.sequence());
        dirty.add(event.artifactId());
    }

    /** Number of artifacts with an applied event. */
    int artifacts() {
        return sequences.size();
    }

    /**
     * Replaces what is held by the rows of the events' artifacts, locking their sequence rows, after taking the
     * read-model lock shared ({@link ReadModelLock}): three statements sent in one round trip.
     */
    void lockAndLoad(Connection connection, List<EventEnvelope> events) throws SQLException {
        sequences.clear();
        states.clear();
        kinds.clear();
        failed.clear();
        Set<String> ids = new LinkedHashSet<>();
        for (EventEnvelope event : events) {
            ids.add(event.artifactId());
        }
        String[] sorted = ids.stream().sorted().toArray(String[]::new);
        try (PreparedStatement select = connection.prepareStatement(ReadModelLock.SHARED + ";"
                + "select artifact_id, last_sequence, failed_sequence from " + schema + ".event_sequence "
                + "where artifact_id = any(?) order by artifact_id for update;"
                + "select artifact_id, 'P', state::text from " + schema + ".send_port where artifact_id = any(?)"
                + " union all select artifact_id, 'G', state::text from " + schema
                + ".send_port_group where artifact_id = any(?)")) {
            Array array = connection.createArrayOf("varchar", sorted);
            select.setArray(1, array);
            select.setArray(2, array);
            select.setArray(3, array);
            select.execute();
            select.getMoreResults();
            try (ResultSet rs = select.getResultSet()) {
                while (rs.next()) {
                    sequences.put(rs.getString(1), rs.getLong(2));
                    rs.getLong(3);
                    if (!rs.wasNull()) {
                        failed.add(rs.getString(1));
                    }
                }
            }
            select.getMoreResults();
            try (ResultSet rs = select.getResultSet()) {
                while (rs.next()) {
                    ArtifactState state = "P".equals(rs.getString(2))
                            ? json.read(rs.getString(3), SendPortState.class)
                            : json.read(rs.getString(3), SendPortGroupState.class);
                    states.put(rs.getString(1), state);
                    kinds.put(rs.getString(1), state.artifactKind());
                }
            }
        }
    }

    /**
     * Writes the current state and last sequence of every artifact an authoritative session changed since its last
     * flush. The first flush writes into empty tables, so it only copies.
     */
    void flush(Connection connection) throws SQLException {
        if (dirty.isEmpty()) {
            return;
        }
        List<String> ports = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (String id : dirty) {
            (kinds.get(id) == ArtifactKind.SendPortGroup ? groups : ports).add(id);
        }
        if (flushed) {
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
            sequenceRows.copyInto(connection, schema + ".event_sequence", "artifact_id, last_sequence");
        }
        CopyRows rows = new CopyRows(Math.max(1024, ports.size() * 1280));
        for (String id : ports) {
            if (states.get(id) instanceof SendPortState port) {
                rows.field(id).field(port.name()).field(port.status().name()).field(port.application())
                        .field(port.transportType()).field(port.version()).field(json.bytes(port)).endRow();
            }
        }
        rows.copyInto(connection, schema + ".send_port",
                "artifact_id, name, status, application, transport_type, version, state");

        rows = new CopyRows(Math.max(1024, groups.size() * 1024));
        CopyRows members = new CopyRows();
        for (String id : groups) {
            if (states.get(id) instanceof SendPortGroupState group) {
                rows.field(id).field(group.name()).field(group.status().name()).field(group.application())
                        .field(group.version()).field(json.bytes(group)).endRow();
                for (int position = 0; position < group.sendPorts().size(); position++) {
                    members.field(id).field(position).field(group.sendPorts().get(position)).endRow();
                }
            }
        }
        rows.copyInto(connection, schema + ".send_port_group",
                "artifact_id, name, status, application, version, state");
        members.copyInto(connection, schema + ".group_member", "group_artifact_id, position, port_name");
        dirty.clear();
        flushed = true;
    }

    /**
     * The history rows of a live batch, column by column, written by {@link #flushLive} with the current tables in
     * one statement. Texts hold U+FFFD for U+0000, as {@link CopyRows} writes them; documents are Jackson's bytes.
     */
    static final class HistoryRows {
        private final List<String> artifactIds = new ArrayList<>();
        private final List<Long> sequences = new ArrayList<>();
        private final List<String> kinds = new ArrayList<>();
        private final List<String> names = new ArrayList<>();
        private final List<String> types = new ArrayList<>();
        private final List<String> occurredAts = new ArrayList<>();
        private final List<Long> positions = new ArrayList<>();
        private final List<String> eventIds = new ArrayList<>();
        private final List<String> principals = new ArrayList<>();
        private final List<String> correlationIds = new ArrayList<>();
        private final List<String> data = new ArrayList<>();
        private final List<String> states = new ArrayList<>();

        void add(EventEnvelope event, byte[] eventData, byte[] stateAfter) {
            artifactIds.add(text(event.artifactId()));
            sequences.add(event.sequence());
            kinds.add(event.kind().name());
            names.add(text(event.name()));
            types.add(text(event.event().type()));
            occurredAts.add(event.occurredAt() == null ? null : event.occurredAt().toString());
            positions.add(event.position());
            eventIds.add(text(event.eventId()));
            principals.add(text(event.principal()));
            correlationIds.add(text(event.correlationId()));
            data.add(document(eventData));
            states.add(document(stateAfter));
        }

        boolean isEmpty() {
            return artifactIds.isEmpty();
        }

        void clear() {
            for (List<?> column : List.of(artifactIds, sequences, kinds, names, types, occurredAts, positions,
                    eventIds, principals, correlationIds, data, states)) {
                column.clear();
            }
        }
    }

    /**
     * The live batch's writes in one round trip: its history rows, the last sequences, and the current rows of the
     * changed artifacts (deleted, then inserted again unless the artifact is deleted), each table in one statement
     * over arrays. Nothing is sent when nothing changed.
     */
    void flushLive(Connection connection, HistoryRows history) throws SQLException {
        if (dirty.isEmpty() && history.isEmpty()) {
            return;
        }
        String[] ids = dirty.toArray(String[]::new);
        Long[] last = new Long[ids.length];
        List<String> ports = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            last[i] = sequences.get(ids[i]);
            (kinds.get(ids[i]) == ArtifactKind.SendPortGroup ? groups : ports).add(ids[i]);
        }
        List<Object[]> portRows = new ArrayList<>();
        for (String id : ports) {
            if (states.get(id) instanceof SendPortState port) {
                portRows.add(new Object[] {text(id), text(port.name()), port.status().name(),
                        text(port.application()), text(port.transportType()), port.version(),
                        document(json.bytes(port))});
            }
        }
        List<Object[]> groupRows = new ArrayList<>();
        List<Object[]> memberRows = new ArrayList<>();
        for (String id : groups) {
            if (states.get(id) instanceof SendPortGroupState group) {
                groupRows.add(new Object[] {text(id), text(group.name()), group.status().name(),
                        text(group.application()), group.version(), document(json.bytes(group))});
                for (int position = 0; position < group.sendPorts().size(); position++) {
                    memberRows.add(new Object[] {text(id), position, text(group.sendPorts().get(position))});
                }
            }
        }
        try (PreparedStatement write = connection.prepareStatement(liveWrite())) {
            int p = 0;
            for (List<?> column : List.of(history.artifactIds, history.sequences, history.kinds, history.names,
                    history.types, history.occurredAts, history.positions, history.eventIds, history.principals,
                    history.correlationIds, history.data, history.states)) {
                write.setArray(++p, array(connection, column.toArray()));
            }
            write.setArray(++p, array(connection, ids));
            write.setArray(++p, array(connection, last));
            write.setArray(++p, array(connection, ports.toArray()));
            write.setArray(++p, array(connection, groups.toArray()));
            write.setArray(++p, array(connection, groups.toArray()));
            for (int column = 0; column < 7; column++) {
                write.setArray(++p, array(connection, column(portRows, column)));
            }
            for (int column = 0; column < 6; column++) {
                write.setArray(++p, array(connection, column(groupRows, column)));
            }
            for (int column = 0; column < 3; column++) {
                write.setArray(++p, array(connection, column(memberRows, column)));
            }
            write.execute();
        }
        history.clear();
        dirty.clear();
    }

    private String liveWrite() {
        return "insert into " + schema + ".history (artifact_id, sequence, kind, name, type, occurred_at, position, "
                + "event_id, principal, correlation_id, data, state) select a, s, k, n, t, o::timestamptz, p, e, "
                + "pr, c, d::json, st::json from unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], "
                + "?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) with ordinality "
                + "as h(a, s, k, n, t, o, p, e, pr, c, d, st, i) order by i;"
                + "insert into " + schema + ".event_sequence (artifact_id, last_sequence) "
                + "select * from unnest(?::varchar[], ?::bigint[]) "
                + "on conflict (artifact_id) do update set last_sequence = excluded.last_sequence;"
                + "delete from " + schema + ".send_port where artifact_id = any(?::varchar[]);"
                + "delete from " + schema + ".send_port_group where artifact_id = any(?::varchar[]);"
                + "delete from " + schema + ".group_member where group_artifact_id = any(?::varchar[]);"
                + "insert into " + schema + ".send_port (artifact_id, name, status, application, transport_type, "
                + "version, state) select a, n, s, ap, t, v, st::json from unnest(?::text[], ?::text[], ?::text[], "
                + "?::text[], ?::text[], ?::bigint[], ?::text[]) as r(a, n, s, ap, t, v, st);"
                + "insert into " + schema + ".send_port_group (artifact_id, name, status, application, version, "
                + "state) select a, n, s, ap, v, st::json from unnest(?::text[], ?::text[], ?::text[], ?::text[], "
                + "?::bigint[], ?::text[]) as r(a, n, s, ap, v, st);"
                + "insert into " + schema + ".group_member (group_artifact_id, position, port_name) "
                + "select * from unnest(?::text[], ?::int[], ?::text[])";
    }

    private static Object[] column(List<Object[]> rows, int column) {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = rows.get(i)[column];
        }
        return values;
    }

    /** An array parameter; its SQL type is the cast in the statement, so its elements travel as text. */
    private static Array array(Connection connection, Object[] values) throws SQLException {
        String[] texts = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            texts[i] = values[i] == null ? null : values[i].toString();
        }
        return connection.createArrayOf("text", texts);
    }

    /** A text as {@link CopyRows} stores it: U+0000, which no PostgreSQL text can hold, becomes U+FFFD. */
    static String text(String value) {
        return value == null ? null : value.replace('\u0000', '\uFFFD');
    }

    /** A document serialized by Jackson (which escapes U+0000), as text. */
    private static String document(byte[] utf8) {
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
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

    private static void deleteWhere(Connection connection, String sql, Collection<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
            delete.executeUpdate();
        }
    }
}
