package io.portway.query.sendport;

import io.portway.events.ArtifactKind;
import io.portway.events.ArtifactStatus;
import io.portway.events.TransportType;
import io.portway.query.history.History;
import io.portway.query.history.HistoryEntry;
import io.portway.query.projection.CatchUp;
import io.portway.query.projection.Projector;
import io.portway.query.projection.SendPortState;
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
import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/api/send-ports")
class SendPortQueryController {

    private final JdbcTemplate jdbc;
    private final Projector projector;
    private final History history;
    private final CatchUp catchUp;

    SendPortQueryController(JdbcTemplate jdbc, Projector projector, History history, CatchUp catchUp) {
        this.jdbc = jdbc;
        this.projector = projector;
        this.history = history;
        this.catchUp = catchUp;
    }

    @GetMapping
    Page<SendPortView> list(@RequestParam(required = false) ArtifactStatus status,
            @RequestParam(required = false) String application,
            @RequestParam(required = false) TransportType transportType,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        StringBuilder sql = new StringBuilder("select state::text from query.send_port where true");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status.name());
        }
        if (application != null) {
            sql.append(" and application = ?");
            args.add(application);
        }
        if (transportType != null) {
            sql.append(" and transport_type = ?");
            args.add(transportType.name());
        }
        String[] after = Cursors.decode(cursor, 1);
        if (after != null) {
            sql.append(" and name > ?");
            args.add(after[0]);
        }
        sql.append(" order by name limit ?");
        args.add(limit + 1);
        List<SendPortState> ports = jdbc.query(sql.toString(),
                (rs, row) -> projector.read(rs.getString(1), SendPortState.class), args.toArray());
        String next = null;
        if (ports.size() > limit) {
            ports = ports.subList(0, limit);
            next = Cursors.encode(ports.get(limit - 1).name());
        }
        Map<String, List<String>> groups = groupsOf(ports.stream().map(SendPortState::name).toList());
        return new Page<>(ports.stream()
                .map(port -> new SendPortView(port, groups.getOrDefault(port.name(), List.of())))
                .toList(), next);
    }

    /** The port now, or as of an instant; {@code minVersion} waits until the read model has caught up. */
    @GetMapping("/{name}")
    SendPortView get(@PathVariable String name, @RequestParam(required = false) Instant asOf,
            @RequestParam(required = false) @Min(1) Long minVersion,
            @RequestHeader(value = "X-Min-Version", required = false) @Min(1) Long minVersionHeader) {
        if (asOf != null) {
            SendPortState port = history.stateAsOf(ArtifactKind.SendPort, name, asOf, SendPortState.class)
                    .orElseThrow(() -> History.notFound(ArtifactKind.SendPort, name, "did not exist at " + asOf));
            return new SendPortView(port, history.groupsOfPortAsOf(name, asOf));
        }
        catchUp.await(name, minVersion != null ? minVersion : minVersionHeader, () -> version(name));
        List<SendPortState> ports = jdbc.query("select state::text from query.send_port where name = ?",
                (rs, row) -> projector.read(rs.getString(1), SendPortState.class), name);
        if (ports.isEmpty()) {
            throw History.notFound(ArtifactKind.SendPort, name, "does not exist");
        }
        return new SendPortView(ports.get(0), groupsOf(List.of(name)).getOrDefault(name, List.of()));
    }

    @GetMapping("/{name}/history")
    Page<HistoryEntry> history(@PathVariable String name, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit,
            @RequestParam(required = false) @Min(1) Long minVersion,
            @RequestHeader(value = "X-Min-Version", required = false) @Min(1) Long minVersionHeader) {
        catchUp.await(name, minVersion != null ? minVersion : minVersionHeader, () -> version(name));
        return history.of(ArtifactKind.SendPort, name, cursor, limit);
    }

    private long version(String name) {
        List<Long> versions = jdbc.queryForList("select version from query.send_port where name = ?", Long.class,
                name);
        return versions.isEmpty() ? 0 : versions.get(0);
    }

    private Map<String, List<String>> groupsOf(List<String> ports) {
        Map<String, List<String>> groups = new HashMap<>();
        if (ports.isEmpty()) {
            return groups;
        }
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("select m.port_name, g.name from query.group_member m "
                    + "join query.send_port_group g on g.artifact_id = m.group_artifact_id "
                    + "where m.port_name = any(?) order by g.name");
            statement.setArray(1, connection.createArrayOf("varchar", ports.toArray()));
            return statement;
        }, rs -> {
            groups.computeIfAbsent(rs.getString(1), port -> new ArrayList<>()).add(rs.getString(2));
        });
        return groups;
    }
}
