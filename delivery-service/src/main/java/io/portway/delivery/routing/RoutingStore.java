package io.portway.delivery.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portway.events.ArtifactStatus;
import io.portway.events.SendPortConfiguration;
import io.portway.events.SendPortGroupConfiguration;
import io.portway.messaging.PortwayJackson;
import io.portway.support.EventSequenceGuard;
import io.portway.support.PortwayTopics;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.portway.messaging.PortwayJackson.toJson;
import static io.portway.messaging.PortwayJackson.toJsonBytes;

/**
 * The stored routing table ({@code delivery.send_port}, {@code delivery.send_port_group}), its version and the
 * position reached in {@code portway.send-port-events}: the statements of {@link RoutingTableProjection}. Callers own
 * the transactions.
 */
@Repository
class RoutingStore {

    private static final String PORTS =
            "select name, artifact_id, dynamic, two_way, status, configuration from delivery.send_port ";
    private static final String GROUPS =
            "select name, artifact_id, status, configuration, members from delivery.send_port_group ";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = PortwayJackson.newObjectMapper();
    private final String topic;

    RoutingStore(JdbcTemplate jdbc, PortwayTopics topics) {
        this.jdbc = jdbc;
        this.topic = topics.sendPortEvents();
    }

    /** A poll's artifacts as stored (a name not stored is absent), and their last applied sequences. */
    record Stored(Map<String, Long> sequences, List<PortDefinition> ports, List<GroupDefinition> groups) {
    }

    /**
     * Reads, in one round trip, the sequences of the poll's artifacts with {@code lockingRead} (the sequence guard's
     * statement, which locks their rows) and the ports and groups it names.
     */
    Stored read(String lockingRead, Collection<String> artifactIds, Collection<String> portNames,
                Collection<String> groupNames) {
        return jdbc.execute((ConnectionCallback<Stored>) connection -> {
            try (PreparedStatement read = connection.prepareStatement(lockingRead + "; " + PORTS
                    + "where name = any(?); " + GROUPS + "where name = any(?)")) {
                read.setArray(1, connection.createArrayOf("varchar", artifactIds.stream().distinct()
                        .toArray(String[]::new)));
                read.setArray(2, connection.createArrayOf("varchar", portNames.toArray(String[]::new)));
                read.setArray(3, connection.createArrayOf("varchar", groupNames.toArray(String[]::new)));
                read.execute();
                Map<String, Long> sequences = new HashMap<>();
                try (ResultSet rs = read.getResultSet()) {
                    while (rs.next()) {
                        sequences.put(rs.getString(1), rs.getLong(2));
                    }
                }
                List<PortDefinition> ports = new ArrayList<>();
                read.getMoreResults();
                try (ResultSet rs = read.getResultSet()) {
                    while (rs.next()) {
                        ports.add(port(rs, ports.size()));
                    }
                }
                List<GroupDefinition> groups = new ArrayList<>();
                read.getMoreResults();
                try (ResultSet rs = read.getResultSet()) {
                    while (rs.next()) {
                        groups.add(group(rs, groups.size()));
                    }
                }
                return new Stored(sequences, ports, groups);
            }
        });
    }

    List<PortDefinition> ports() {
        return loadPorts("", null);
    }

    List<GroupDefinition> groups() {
        return loadGroups("", null);
    }

    /** Stores the ports as they are now (an empty Optional deletes one): one round trip per kind of change. */
    void putPorts(Map<String, Optional<PortDefinition>> ports) {
        batch("delete from delivery.send_port where name = ?", ports.entrySet().stream()
                .filter(port -> port.getValue().isEmpty()).map(port -> new Object[]{port.getKey()}).toList());
        batch("insert into delivery.send_port "
                        + "(name, artifact_id, dynamic, two_way, status, configuration) "
                        + "values (?, ?, ?, ?, ?, ?) on conflict (name) do update set "
                        + "artifact_id = excluded.artifact_id, dynamic = excluded.dynamic, "
                        + "two_way = excluded.two_way, status = excluded.status, "
                        + "configuration = excluded.configuration",
                ports.values().stream().flatMap(Optional::stream).map(port -> new Object[]{port.name(),
                        port.artifactId(), port.dynamic(), port.twoWay(), port.status().name(),
                        toJsonBytes(port.configuration())}).toList());
    }

    /** As {@link #putPorts}, for groups. */
    void putGroups(Map<String, Optional<GroupDefinition>> groups) {
        batch("delete from delivery.send_port_group where name = ?", groups.entrySet().stream()
                .filter(group -> group.getValue().isEmpty()).map(group -> new Object[]{group.getKey()}).toList());
        batch("insert into delivery.send_port_group "
                        + "(name, artifact_id, status, configuration, members) values (?, ?, ?, ?, ?::jsonb) "
                        + "on conflict (name) do update set artifact_id = excluded.artifact_id, "
                        + "status = excluded.status, configuration = excluded.configuration, "
                        + "members = excluded.members",
                groups.values().stream().flatMap(Optional::stream).map(group -> new Object[]{group.name(),
                        group.artifactId(), group.status().name(), toJsonBytes(group.configuration()),
                        toJson(group.members())}).toList());
    }

    /** One JDBC batch (one round trip, pipelined by the driver); none at all when there are no rows. */
    private void batch(String sql, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows);
        }
    }

    /**
     * Records the sequences the poll applied ({@code sequences}, the guard's statement), counts {@code changes} more
     * applied events and records the next offset of each partition, in one statement; answers the version reached
     * (null when there were no changes: the version row is then not touched).
     */
    Long advance(EventSequenceGuard.Batch sequences, int changes, Map<Integer, Long> next) {
        List<Long> version = jdbc.queryForList("with sequences as (" + sequences.upsert() + "),"
                        + " positions as (insert into delivery.routing_position (topic, partition, next_offset)"
                        + " select ?, unnest(?::int[]), unnest(?::bigint[]) on conflict (topic, partition)"
                        + " do update set next_offset = excluded.next_offset)"
                        + " update delivery.routing_version set version = version + ? where id = 1 and ? > 0"
                        + " returning version", Long.class,
                sequences.applied().keySet().toArray(String[]::new), sequences.applied().values().toArray(Long[]::new),
                topic, next.keySet().toArray(Integer[]::new), next.values().toArray(Long[]::new), changes, changes);
        sequences.recorded();
        return version.isEmpty() ? null : version.get(0);
    }

    Long version() {
        return jdbc.queryForObject("select version from delivery.routing_version where id = 1", Long.class);
    }

    /** The next offset of each partition the stored table reflects. */
    Map<Integer, Long> positions() {
        Map<Integer, Long> positions = new HashMap<>();
        jdbc.query("select partition, next_offset from delivery.routing_position where topic = ?",
                (RowCallbackHandler) rs -> positions.put(rs.getInt(1), rs.getLong(2)), topic);
        return positions;
    }

    private List<PortDefinition> loadPorts(String where, Object name) {
        Object[] args = name == null ? new Object[0] : new Object[]{name};
        return jdbc.query(PORTS + where, this::port, args);
    }

    private List<GroupDefinition> loadGroups(String where, Object name) {
        Object[] args = name == null ? new Object[0] : new Object[]{name};
        return jdbc.query(GROUPS + where, this::group, args);
    }

    private PortDefinition port(ResultSet rs, int row) throws SQLException {
        return new PortDefinition(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                ArtifactStatus.valueOf(rs.getString(5)), fromJson(rs.getBytes(6), SendPortConfiguration.class));
    }

    private GroupDefinition group(ResultSet rs, int row) throws SQLException {
        return new GroupDefinition(rs.getString(1), rs.getString(2), ArtifactStatus.valueOf(rs.getString(3)),
                fromJson(rs.getBytes(4), SendPortGroupConfiguration.class), members(rs.getString(5)));
    }

    private List<String> members(String members) {
        try {
            return json.readValue(members, new TypeReference<ArrayList<String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable group members " + members, e);
        }
    }

    private <T> T fromJson(byte[] value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName(), e);
        }
    }
}
