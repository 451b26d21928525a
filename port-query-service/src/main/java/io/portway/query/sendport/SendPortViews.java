package io.portway.query.sendport;

import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.TransportType;
import io.portway.query.history.ArtifactEndpoints;
import io.portway.query.history.ArtifactReads;
import io.portway.query.history.History;
import io.portway.query.history.HistoryEntry;
import io.portway.query.projection.Projector;
import io.portway.query.projection.SendPortState;
import io.portway.query.web.ListQuery;
import io.portway.query.web.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the send-port read model: lists, one port now or as of an instant, and its history. */
@Component
class SendPortViews implements ArtifactEndpoints.Views<SendPortView> {

    private final JdbcTemplate jdbc;
    private final Projector projector;
    private final History history;
    private final ArtifactReads reads;

    SendPortViews(JdbcTemplate jdbc, Projector projector, History history, ArtifactReads reads) {
        this.jdbc = jdbc;
        this.projector = projector;
        this.history = history;
        this.reads = reads;
    }

    Page<SendPortView> list(ArtifactStatus status, String application, TransportType transportType, String cursor,
            int limit) {
        Page<SendPortState> ports = ListQuery.from("select name, state::text from query.send_port")
                .and("status = ?", status == null ? null : status.name())
                .and("application = ?", application)
                .and("transport_type = ?", transportType == null ? null : transportType.name())
                .after("name > ?", cursor, 1, keys -> List.of(keys[0]))
                .page(jdbc, "name", limit, (rs, row) -> new ListQuery.Keyed<>(
                        projector.read(rs.getString(2), SendPortState.class), rs.getString(1)));
        Map<String, List<String>> groups = groupsOf(ports.items().stream().map(SendPortState::name).toList());
        return ports.map(port -> new SendPortView(port, groups.getOrDefault(port.name(), List.of())));
    }

    /** The port now, once the read model has reached {@code minVersion} (if given); 404 if there is none. */
    @Override
    public SendPortView current(String name, Long minVersion) {
        SendPortState port = reads.current(ArtifactKind.SendPort, name, minVersion, SendPortState.class);
        return new SendPortView(port, groupsOf(List.of(name)).getOrDefault(name, List.of()));
    }

    /** The port as it was at an instant; 404 if no incarnation of the name existed then. */
    @Override
    public SendPortView asOf(String name, Instant asOf) {
        SendPortState port = reads.asOf(ArtifactKind.SendPort, name, asOf, SendPortState.class);
        return new SendPortView(port, history.groupsOfPortAsOf(name, asOf));
    }

    @Override
    public Page<HistoryEntry> history(String name, String cursor, int limit, Long minVersion) {
        return reads.history(ArtifactKind.SendPort, name, cursor, limit, minVersion);
    }

    private Map<String, List<String>> groupsOf(List<String> ports) {
        Map<String, List<String>> groups = new HashMap<>();
        if (ports.isEmpty()) {
            return groups;
        }
        jdbc.query("select m.port_name, g.name from query.group_member m join query.send_port_group g "
                        + "on g.artifact_id = m.group_artifact_id where m.port_name = any(?) order by g.name",
                (RowCallbackHandler) rs -> groups.computeIfAbsent(rs.getString(1), port -> new ArrayList<>())
                        .add(rs.getString(2)),
                new SqlArrayValue("varchar", ports.toArray()));
        return groups;
    }
}
