package io.portway.query.group;

import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.query.history.History;
import io.portway.query.history.HistoryEntry;
import io.portway.query.projection.CatchUp;
import io.portway.query.projection.Projector;
import io.portway.query.projection.SendPortGroupState;
import io.portway.query.web.ListQuery;
import io.portway.query.web.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the send-port-group read model: lists, one group now or as of an instant (members with statuses), history. */
@Component
class SendPortGroupViews {

    private final JdbcTemplate jdbc;
    private final Projector projector;
    private final History history;
    private final CatchUp catchUp;

    SendPortGroupViews(JdbcTemplate jdbc, Projector projector, History history, CatchUp catchUp) {
        this.jdbc = jdbc;
        this.projector = projector;
        this.history = history;
        this.catchUp = catchUp;
    }

    Page<SendPortGroupView> list(ArtifactStatus status, String application, String cursor, int limit) {
        Page<SendPortGroupState> groups = ListQuery.from("select name, state::text from query.send_port_group")
                .and("status = ?", status == null ? null : status.name())
                .and("application = ?", application)
                .after("name > ?", cursor, 1, keys -> List.of(keys[0]))
                .page(jdbc, "name", limit, (rs, row) -> new ListQuery.Keyed<>(
                        projector.read(rs.getString(2), SendPortGroupState.class), rs.getString(1)));
        Set<String> members = new LinkedHashSet<>();
        groups.items().forEach(group -> members.addAll(group.sendPorts()));
        Map<String, ArtifactStatus> statuses = statuses(members);
        return groups.map(group -> SendPortGroupView.of(group, statuses));
    }

    /** The group now, once the read model has reached {@code minVersion} (if given); 404 if there is none. */
    SendPortGroupView current(String name, Long minVersion) {
        catchUp.await(name, minVersion, () -> version(name));
        List<SendPortGroupState> groups = jdbc.query("select state::text from query.send_port_group where name = ?",
                (rs, row) -> projector.read(rs.getString(1), SendPortGroupState.class), name);
        if (groups.isEmpty()) {
            throw History.notFound(ArtifactKind.SendPortGroup, name, "does not exist");
        }
        return SendPortGroupView.of(groups.get(0), statuses(groups.get(0).sendPorts()));
    }

    /** The group as it was at an instant, its members with their statuses then. */
    SendPortGroupView asOf(String name, Instant asOf) {
        SendPortGroupState group = history.stateAsOf(ArtifactKind.SendPortGroup, name, asOf, SendPortGroupState.class)
                .orElseThrow(() -> History.notFound(ArtifactKind.SendPortGroup, name, "did not exist at " + asOf));
        return SendPortGroupView.of(group, history.portStatusesAsOf(group.sendPorts(), asOf));
    }

    Page<HistoryEntry> history(String name, String cursor, int limit, Long minVersion) {
        catchUp.await(name, minVersion, () -> version(name));
        return history.of(ArtifactKind.SendPortGroup, name, cursor, limit);
    }

    private long version(String name) {
        List<Long> versions = jdbc.queryForList("select version from query.send_port_group where name = ?",
                Long.class, name);
        return versions.isEmpty() ? 0 : versions.get(0);
    }

    private Map<String, ArtifactStatus> statuses(Collection<String> ports) {
        Map<String, ArtifactStatus> statuses = new HashMap<>();
        if (ports.isEmpty()) {
            return statuses;
        }
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "select name, status from query.send_port where name = any(?)");
            statement.setArray(1, connection.createArrayOf("varchar", ports.toArray()));
            return statement;
        }, rs -> {
            statuses.put(rs.getString(1), ArtifactStatus.valueOf(rs.getString(2)));
        });
        return statuses;
    }
}
