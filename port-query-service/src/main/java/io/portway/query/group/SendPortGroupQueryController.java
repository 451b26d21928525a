package io.portway.query.group;

import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.query.history.History;
import io.portway.query.history.HistoryEntry;
import io.portway.query.projection.CatchUp;
import io.portway.query.projection.Projector;
import io.portway.query.projection.SendPortGroupState;
import io.portway.query.web.Cursors;
import io.portway.query.web.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

@RestController
@RequestMapping("/api/send-port-groups")
class SendPortGroupQueryController {

    private final JdbcTemplate jdbc;
    private final Projector projector;
    private final History history;
    private final CatchUp catchUp;

    SendPortGroupQueryController(JdbcTemplate jdbc, Projector projector, History history, CatchUp catchUp) {
        this.jdbc = jdbc;
        this.projector = projector;
        this.history = history;
        this.catchUp = catchUp;
    }

    @GetMapping
    Page<SendPortGroupView> list(@RequestParam(required = false) ArtifactStatus status,
            @RequestParam(required = false) String application,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        StringBuilder sql = new StringBuilder("select state::text from query.send_port_group where true");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status.name());
        }
        if (application != null) {
            sql.append(" and application = ?");
            args.add(application);
        }
        String[] after = Cursors.decode(cursor, 1);
        if (after != null) {
            sql.append(" and name > ?");
            args.add(after[0]);
        }
        sql.append(" order by name limit ?");
        args.add(limit + 1);
        List<SendPortGroupState> groups = jdbc.query(sql.toString(),
                (rs, row) -> projector.read(rs.getString(1), SendPortGroupState.class), args.toArray());
        String next = null;
        if (groups.size() > limit) {
            groups = groups.subList(0, limit);
            next = Cursors.encode(groups.get(limit - 1).name());
        }
        Set<String> members = new LinkedHashSet<>();
        groups.forEach(group -> members.addAll(group.sendPorts()));
        Map<String, ArtifactStatus> statuses = statuses(members);
        return new Page<>(groups.stream().map(group -> SendPortGroupView.of(group, statuses)).toList(), next);
    }

    /** The group now, or as of an instant (members with their statuses at that instant). */
    @GetMapping("/{name}")
    SendPortGroupView get(@PathVariable String name, @RequestParam(required = false) Instant asOf,
            @RequestParam(required = false) @Min(1) Long minVersion,
            @RequestHeader(value = "X-Min-Version", required = false) @Min(1) Long minVersionHeader) {
        if (asOf != null) {
            SendPortGroupState group = history.stateAsOf(ArtifactKind.SendPortGroup, name, asOf,
                            SendPortGroupState.class)
                    .orElseThrow(() -> History.notFound(ArtifactKind.SendPortGroup, name,
                            "did not exist at " + asOf));
            return SendPortGroupView.of(group, history.portStatusesAsOf(group.sendPorts(), asOf));
        }
        catchUp.await(name, minVersion != null ? minVersion : minVersionHeader, () -> version(name));
        List<SendPortGroupState> groups = jdbc.query("select state::text from query.send_port_group where name = ?",
                (rs, row) -> projector.read(rs.getString(1), SendPortGroupState.class), name);
        if (groups.isEmpty()) {
            throw History.notFound(ArtifactKind.SendPortGroup, name, "does not exist");
        }
        return SendPortGroupView.of(groups.get(0), statuses(groups.get(0).sendPorts()));
    }

    @GetMapping("/{name}/history")
    Page<HistoryEntry> history(@PathVariable String name, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit,
            @RequestParam(required = false) @Min(1) Long minVersion,
            @RequestHeader(value = "X-Min-Version", required = false) @Min(1) Long minVersionHeader) {
        catchUp.await(name, minVersion != null ? minVersion : minVersionHeader, () -> version(name));
        return history.of(ArtifactKind.SendPortGroup, name, cursor, limit);
    }

    private long version(String name) {
        List<Long> versions = jdbc.queryForList("select version from query.send_port_group where name = ?",
                Long.class, name);
        return versions.isEmpty() ? 0 : versions.get(0);
    }

    private Map<String, ArtifactStatus> statuses(Set<String> ports) {
        return statuses(List.copyOf(ports));
    }

    private Map<String, ArtifactStatus> statuses(List<String> ports) {
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
