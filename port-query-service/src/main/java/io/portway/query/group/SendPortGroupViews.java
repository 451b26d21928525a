package io.portway.query.group;

import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.query.history.ArtifactEndpoints;
import io.portway.query.history.ArtifactReads;
import io.portway.query.history.History;
import io.portway.query.history.HistoryEntry;
import io.portway.query.projection.Projector;
import io.portway.query.projection.SendPortGroupState;
import io.portway.query.web.ListQuery;
import io.portway.query.web.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.support.SqlArrayValue;
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
class SendPortGroupViews implements ArtifactEndpoints.Views<SendPortGroupView> {

    private final JdbcTemplate jdbc;
    private final Projector projector;
    private final History history;
    private final ArtifactReads reads;

    SendPortGroupViews(JdbcTemplate jdbc, Projector projector, History history, ArtifactReads reads) {
        this.jdbc = jdbc;
        this.projector = projector;
        this.history = history;
        this.reads = reads;
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
    @Override
    public SendPortGroupView current(String name, Long minVersion) {
        SendPortGroupState group = reads.current(ArtifactKind.SendPortGroup, name, minVersion,
                SendPortGroupState.class);
        return SendPortGroupView.of(group, statuses(group.sendPorts()));
    }

    /** The group as it was at an instant, its members with their statuses then. */
    @Override
    public SendPortGroupView asOf(String name, Instant asOf) {
        SendPortGroupState group = reads.asOf(ArtifactKind.SendPortGroup, name, asOf, SendPortGroupState.class);
        return SendPortGroupView.of(group, history.portStatusesAsOf(group.sendPorts(), asOf));
    }

    @Override
    public Page<HistoryEntry> history(String name, String cursor, int limit, Long minVersion) {
        return reads.history(ArtifactKind.SendPortGroup, name, cursor, limit, minVersion);
    }

    private Map<String, ArtifactStatus> statuses(Collection<String> ports) {
        Map<String, ArtifactStatus> statuses = new HashMap<>();
        if (ports.isEmpty()) {
            return statuses;
        }
        jdbc.query("select name, status from query.send_port where name = any(?)",
                (RowCallbackHandler) rs -> statuses.put(rs.getString(1), ArtifactStatus.valueOf(rs.getString(2))),
                new SqlArrayValue("varchar", ports.toArray()));
        return statuses;
    }
}
