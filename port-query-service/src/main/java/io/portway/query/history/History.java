package io.portway.query.history;

import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.query.projection.ArtifactState;
import io.portway.query.projection.Projector;
import io.portway.query.web.ListQuery;
import io.portway.query.web.Page;
import io.portway.support.PortwayException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The stored events of each artifact and the states after them: history and state as of an instant. */
@Component
public class History {

    private final JdbcTemplate jdbc;
    private final Projector projector;

    History(JdbcTemplate jdbc, Projector projector) {
        this.jdbc = jdbc;
        this.projector = projector;
    }

    /** The events of every incarnation of a name, oldest first; 404 if the name never existed. */
    public Page<HistoryEntry> of(ArtifactKind kind, String name, String cursor, int limit) {
        Page<HistoryEntry> page = ListQuery.from("select id, artifact_id, sequence, type, occurred_at, principal, "
                        + "correlation_id, data::text from query.history")
                .and("name = ?", name)
                .and("kind = ?", kind.name())
                .after("id > ?", cursor, 1, keys -> List.of(Long.parseLong(keys[0])))
                .page(jdbc, "id", limit, (rs, row) -> new ListQuery.Keyed<>(new HistoryEntry(rs.getString(2),
                        rs.getLong(3), rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6),
                        rs.getString(7), rs.getString(8)), Long.toString(rs.getLong(1))));
        if (page.items().isEmpty() && (cursor == null || cursor.isEmpty())) {
            throw notFound(kind, name, "has no history");
        }
        return page;
    }

    /** The artifact's own state at an instant, empty if no incarnation of the name existed then. */
    public <T extends ArtifactState> Optional<T> stateAsOf(ArtifactKind kind, String name, Instant at,
            Class<T> type) {
        List<String> states = jdbc.query("select state::text from query.history where name = ? and kind = ? "
                        + "and occurred_at <= ? order by occurred_at desc, id desc limit 1",
                (rs, row) -> rs.getString(1), name, kind.name(), Timestamp.from(at));
        return states.isEmpty() || states.get(0) == null
                ? Optional.empty()
                : Optional.of(projector.read(states.get(0), type));
    }

    /** The statuses the named ports had at an instant (ports that did not exist then are absent). */
    public Map<String, ArtifactStatus> portStatusesAsOf(Collection<String> names, Instant at) {
        Map<String, ArtifactStatus> statuses = new HashMap<>();
        if (names.isEmpty()) {
            return statuses;
        }
        jdbc.query("select distinct on (name) name, state->>'status' from query.history where kind = 'SendPort' "
                + "and name = any(?) and occurred_at <= ? order by name, occurred_at desc, id desc", rs -> {
                    if (rs.getString(2) != null) {
                        statuses.put(rs.getString(1), ArtifactStatus.valueOf(rs.getString(2)));
                    }
                }, new SqlArrayValue("varchar", names.toArray()), Timestamp.from(at));
        return statuses;
    }

    /** The names of the groups a port was a member of at an instant. */
    public List<String> groupsOfPortAsOf(String port, Instant at) {
        return jdbc.query("select name from (select distinct on (artifact_id) name, state from query.history "
                        + "where kind = 'SendPortGroup' and occurred_at <= ? and artifact_id in "
                        + "(select artifact_id from query.history where kind = 'SendPortGroup' "
                        + "and jsonb_exists((state->'sendPorts')::jsonb, ?)) "
                        + "order by artifact_id, occurred_at desc, id desc) latest "
                        + "where state is not null and jsonb_exists((state->'sendPorts')::jsonb, ?) order by name",
                (rs, row) -> rs.getString(1), Timestamp.from(at), port, port);
    }

    public static PortwayException notFound(ArtifactKind kind, String name, String why) {
        String what = kind == ArtifactKind.SendPort ? "send port" : "send port group";
        return new PortwayException(HttpStatus.NOT_FOUND, "NOT_FOUND", what + " '" + name + "' " + why);
    }
}
